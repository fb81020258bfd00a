package main

import (
	"context"

	"github.com/sitrep/sitrep"
	"github.com/sitrep/sitrep/postgres"
)

// openStore opens the PostgreSQL store that the queue's database holds.
func openStore(ctx context.Context, url string) (sitrep.Store, error) {
	return postgres.Open(ctx, url)
}
