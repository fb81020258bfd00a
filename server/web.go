package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// The page and everything it loads, vendored: it works with no network.
//
//go:embed web
var webFS embed.FS

func webHandler() http.Handler {
	sub, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err)
	}
	return http.FileServerFS(sub)
}
