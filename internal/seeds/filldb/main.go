// Command filldb fills a new sitrep database with the coded seeds and the
// XSS fixture (package seeds), for the browser test and demos:
//
//	go run ./internal/seeds/filldb PATH
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/sitrep/sitrep/internal/seeds"
	"github.com/sitrep/sitrep/sqlite"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: filldb PATH")
		os.Exit(2)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Args[1])
	if err == nil {
		err = seeds.Fill(ctx, db)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "filldb:", err)
		os.Exit(1)
	}
}
