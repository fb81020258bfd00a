package sqlite

import (
	"context"
	"fmt"
)

// DocumentURLs lists the http(s) URLs stored as documents' URLs or
// sources, for a feed to skip entries already read
// (pipeline.URLLister). It is not part of sitrep.Store.
func (db *DB) DocumentURLs(ctx context.Context) ([]string, error) {
	rows, err := db.ro.QueryContext(ctx, `SELECT url FROM documents WHERE url LIKE 'http%'
		UNION SELECT source FROM documents WHERE source LIKE 'http%'`)
	if err != nil {
		return nil, fmt.Errorf("document URLs: %w", err)
	}
	defer rows.Close()
	var urls []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("document URLs: %w", err)
		}
		urls = append(urls, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("document URLs: %w", err)
	}
	return urls, nil
}
