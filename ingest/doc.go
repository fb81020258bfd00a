// Package ingest reads sitrep's inputs — plain-text files, HTML pages,
// RSS/Atom feeds, directories, standard input and http(s) URLs, optionally
// gzip-compressed — into sitrep.Documents with clean article text and
// metadata (title, outlet, URL, publication date and where it came from,
// language), plus the content hash and SimHash the store uses to find
// duplicates.
//
// Ingest neither stores nor codes anything: the caller looks documents up
// by Hash, checks NearDuplicate against stored SimHashes and codes the rest.
//
// Article text is cleaned of page furniture. HTML goes through
// go-trafilatura; plain text that is a dump of a web page goes through
// general line rules (see clean.go): repeated banner lines, the header block
// before the first paragraph of prose, "Read also"/"Related" links,
// photo-credit lines, comment forms, copyright footers and lists of
// unrelated headlines after the article.
package ingest
