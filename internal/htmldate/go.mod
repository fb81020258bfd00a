module github.com/markusmobius/go-htmldate

go 1.25.0

require golang.org/x/net v0.57.0
