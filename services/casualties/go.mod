module github.com/newswire/newswire/services/casualties

go 1.26

require (
	github.com/newswire/newswire/proto v0.0.0
	github.com/newswire/newswire/pkg v0.0.0
)

replace (
	github.com/newswire/newswire/proto => ../../proto
	github.com/newswire/newswire/pkg => ../../pkg
)
