package bench

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep/sitrep/eval"
	"github.com/sitrep/sitrep/internal/seeds"
	"github.com/sitrep/sitrep/text"
)

// source is a text the corpus is made from.
type source struct {
	title, text, published string
}

// Sources returns the texts the corpus is built from: the seed articles
// of testdata/seeds (embedded through package seeds) and, when devDir
// holds gold files, the texts of every *.gold.jsonl in it, read now
// rather than bundled: they are not ours to ship. It returns how many
// gold files were read.
func sources(devDir string) ([]source, int, error) {
	es, err := seeds.Entries()
	if err != nil {
		return nil, 0, err
	}
	var out []source
	for _, e := range es[:len(es)-1] { // the last entry is a hostile fixture, not news
		out = append(out, source{e.Document.Title, e.Document.Text, e.Document.Published})
	}
	files, _ := filepath.Glob(filepath.Join(devDir, "*.gold.jsonl"))
	for _, f := range files {
		recs, err := eval.ReadFile(f)
		if err != nil {
			return nil, 0, err
		}
		for _, r := range recs {
			out = append(out, source{r.Title, r.Text, r.Published})
		}
	}
	return out, len(files), nil
}

// Corpus is a benchmark corpus written to a folder: one .txt file per
// document with a .meta.json sidecar, as a user's archive would be.
type Corpus struct {
	Dir   string
	Files []string // the .txt files, in ingest order
	// Originals, Notes and Articles count the documents of each kind:
	// source texts as they are, short notes of one to three sentences,
	// and articles of eight to forty sentences in paragraphs.
	Originals, Notes, Articles int
	Bytes                      int64
	GoldFiles                  int // gold files the sources came from
}

// WriteCorpus writes a corpus of n documents into dir, the same for the
// same sources and n: every source text once (up to a third of n), then short notes
// and full articles recombined from the sources' sentences, 3 notes to 2
// articles, shuffled together. Every document is distinct, and articles
// mix sentences from several sources so that none is a near-duplicate of
// another, which would be stored uncoded.
func WriteCorpus(dir, devDir string, n int) (*Corpus, error) {
	srcs, gold, err := sources(devDir)
	if err != nil {
		return nil, err
	}
	var sents []string
	for _, s := range srcs {
		for _, sp := range text.Sentences(s.text) {
			sents = append(sents, sp.Text)
		}
	}
	if len(sents) == 0 {
		return nil, fmt.Errorf("no source sentences")
	}
	rng := rand.New(rand.NewPCG(15, 2026))
	date := func() string {
		return time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(6*365)).Format(time.DateOnly)
	}
	type doc struct {
		source
		kind int // 0 original, 1 note, 2 article
	}
	seen := map[string]bool{}
	var docs []doc
	add := func(d doc) bool {
		key := strings.Join(strings.Fields(d.text), " ")
		if key == "" || seen[key] {
			return false
		}
		seen[key] = true
		docs = append(docs, d)
		return true
	}
	// At most a third are source texts, picked at random, so that a
	// small corpus has the mix of a large one.
	for _, i := range rng.Perm(len(srcs)) {
		if len(docs) >= max(n/3, 1) {
			break
		}
		s := srcs[i]
		if s.published == "" {
			s.published = date()
		}
		add(doc{s, 0})
	}
	// Runs of consecutive sentences read like a story; several runs from
	// different places make the article new.
	run := func(b *strings.Builder, k int) {
		i := rng.IntN(len(sents))
		for j := 0; j < k; j++ {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sents[(i+j)%len(sents)])
		}
	}
	for tries := 0; len(docs) < n && tries < 20*n; tries++ {
		var b strings.Builder
		if rng.IntN(5) < 3 {
			run(&b, 1)
			for k := rng.IntN(3); k > 0; k-- {
				b.WriteByte(' ')
				run(&b, 1)
			}
			add(doc{source{"", b.String(), date()}, 1})
			continue
		}
		total := 8 + rng.IntN(33)
		for done := 0; done < total; {
			if done > 0 {
				b.WriteString("\n\n")
			}
			k := min(2+rng.IntN(3), total-done)
			run(&b, k)
			done += k
		}
		title := headline(sents[rng.IntN(len(sents))])
		add(doc{source{title, b.String(), date()}, 2})
	}
	if len(docs) < n {
		return nil, fmt.Errorf("only %d distinct documents from %d sentences", len(docs), len(sents))
	}
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })

	c := &Corpus{Dir: dir, GoldFiles: gold}
	for i, d := range docs {
		base := filepath.Join(dir, fmt.Sprintf("%05d", i))
		meta, err := json.Marshal(struct {
			Title     string `json:"title,omitempty"`
			Published string `json:"published,omitempty"`
		}{d.title, d.published})
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(base+".txt", []byte(d.text+"\n"), 0o644); err != nil {
			return nil, err
		}
		if err := os.WriteFile(base+".meta.json", meta, 0o644); err != nil {
			return nil, err
		}
		c.Files = append(c.Files, base+".txt")
		c.Bytes += int64(len(d.text))
		switch d.kind {
		case 0:
			c.Originals++
		case 1:
			c.Notes++
		default:
			c.Articles++
		}
	}
	return c, nil
}

// headline makes a title of a sentence's first words.
func headline(s string) string {
	w := strings.Fields(s)
	if len(w) > 10 {
		w = w[:10]
	}
	return strings.TrimRight(strings.Join(w, " "), ",.;:")
}
