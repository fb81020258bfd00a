package sitrep

import "time"

// Document is one ingested article.
type Document struct {
	ID int64 `json:"id"`
	// Hash is the hex SHA-256 of the whitespace-normalised text; documents
	// with equal hashes are the same content and are stored once.
	Hash string `json:"hash"`
	// SimHash is a 64-bit locality-sensitive fingerprint of the text's
	// word shingles, used to find near-duplicates.
	SimHash uint64 `json:"simhash,string"`
	// DuplicateOf is the ID of the original when this document is a
	// near-duplicate of one already stored; such documents are not coded.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`

	Title  string `json:"title"`
	Outlet string `json:"outlet,omitempty"`
	URL    string `json:"url,omitempty"`
	// Source is where the document was read from: a file path, a URL or "-".
	Source string `json:"source"`
	// Published is "YYYY-MM-DD" or empty.
	Published string `json:"published,omitempty"`
	// PublishedFrom says where Published came from: "meta", "feed", "flag",
	// "sidecar", "text" (a dateline) or "inferred" (guessed from dates in
	// the text; treat with care).
	PublishedFrom string    `json:"published_from,omitempty"`
	Language      string    `json:"language,omitempty"`
	Text          string    `json:"text"`
	IngestedAt    time.Time `json:"ingested_at"`
}

// Input returns what a Coder needs from the document.
func (d *Document) Input() Input {
	return Input{Title: d.Title, Text: d.Text, Published: d.Published, Outlet: d.Outlet}
}
