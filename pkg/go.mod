module github.com/newswire/newswire/pkg

go 1.26

require github.com/newswire/newswire/proto v0.0.0

replace github.com/newswire/newswire/proto => ../proto
