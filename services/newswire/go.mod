module github.com/newswire/newswire/services/newswire

go 1.26

require (
	github.com/newswire/newswire/pkg v0.0.0
	github.com/newswire/newswire/proto v0.0.0
	github.com/newswire/newswire/services/casualties v0.0.0
	github.com/newswire/newswire/services/enricher v0.0.0
	github.com/newswire/newswire/services/ingest v0.0.0
	github.com/newswire/newswire/services/parser v0.0.0
)

replace (
	github.com/newswire/newswire/pkg => ../../pkg
	github.com/newswire/newswire/proto => ../../proto
	github.com/newswire/newswire/services/casualties => ../casualties
	github.com/newswire/newswire/services/enricher => ../enricher
	github.com/newswire/newswire/services/ingest => ../ingest
	github.com/newswire/newswire/services/parser => ../parser
)
