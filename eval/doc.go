// Package eval reads gold files and scores a sitrep.Coder against them.
//
// The gold-file format and the scoring rules are those of
// docs/gold-format.md. Where that document leaves a case open, this
// package decides as follows.
//
//   - Countries that are empty strings are ignored, so a side whose actors
//     all have empty countries counts as an empty side: in a partial record
//     it matches any predicted side, in an event record only a predicted
//     side without countries.
//   - Only the gold event's symmetric flag allows the swapped orientation;
//     a predicted event's flag is not consulted.
//   - Matching is greedy per record: for each gold event in file order, the
//     first still unmatched predicted event (in the coder's order) that
//     matches it is taken.
//   - Strict matching (events_strict) adds EvidenceAgrees to the lenient
//     conditions and pairs gold and predicted events by its own greedy
//     pass, so a record's strict matches need not be its lenient ones. The
//     gold evidence is located as an exact string, at every place it
//     occurs in the text and in the title; the predicted span is the
//     event's Start and End (into the title when Sentence is -1) or, when
//     both are 0, its evidence string located the same way. Spans overlap
//     when they share a byte of the same field (text or title). Evidence
//     missing on either side, or found nowhere, cannot be compared and
//     passes. A gold event that matches leniently but not strictly is
//     listed as a "loose match" with the prediction it matched leniently.
//     Dates and locations are scored on the lenient matches.
//   - A predicted date agrees with a gold date when it is at least as
//     precise and begins with it: gold "2023-07" agrees with "2023-07" and
//     "2023-07-14"; gold "2023-07-14" does not agree with "2023-07" or
//     "2023". A missing predicted date disagrees.
//   - A predicted location without both coordinates is a miss; the
//     distance is the haversine distance on a sphere of radius 6371 km, and
//     exactly 50 km is within.
//   - Events are scored on event and partial records; predicted events of
//     partial records count in "predicted" but not in precision, which uses
//     only event records. Events listed on document and quad records are
//     ignored.
//   - Transfers are scored like events: precision and recall on event
//     records, recall alone on partial records (a partial record's
//     transfers, like its events, may be incomplete). The transfers figure
//     is null when the file has no event record and no partial record that
//     lists a transfer.
//   - Document types are sets per document: repeated types count once;
//     precision, recall and F1 are micro-averaged over document records, so
//     every type a coder emits for a record with "types": [] is a false
//     positive.
//   - The quad class of a predicted event is its Quad field or, when that
//     is empty, sitrep.QuadOf(Type) (REQUEST is "statement", as calls and
//     appeals are; a type outside PLOVER has no class and is always
//     wrong). A record with no predicted events is "statement".
//   - A precision or recall whose denominator is zero is null. F1 is the
//     harmonic mean of precision and recall, a null one taken as 0, and is
//     null when both are null or when precision is not scored at all.
//     Accuracies with no scorable item are null.
package eval
