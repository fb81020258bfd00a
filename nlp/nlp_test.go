package nlp

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func defaultPipeline(tb testing.TB) *Pipeline {
	tb.Helper()
	p, err := Default()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestAccuracyFloors guards the embedded models against regressions on a
// slice of EWT dev with gold tokenisation (the 400 dev sentences Train
// holds out). The floors sit a little under the measured figures (UPOS
// 0.961, XPOS 0.955, lemma 0.978, UAS 0.847, LAS 0.817 when the models
// were trained).
func TestAccuracyFloors(t *testing.T) {
	gold, err := ReadCoNLLUFile("testdata/ewt-dev-slice.conllu")
	if err != nil {
		t.Fatal(err)
	}
	sc := defaultPipeline(t).Evaluate(gold)
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"UPOS", sc.UPOS, 0.955},
		{"XPOS", sc.XPOS, 0.950},
		{"lemma", sc.Lemma, 0.972},
		{"UAS", sc.UAS, 0.840},
		{"LAS", sc.LAS, 0.810},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s = %.4f on %d tokens, below the floor %.2f", f.name, f.got, sc.Tokens, f.floor)
		}
	}
	t.Logf("dev slice: %d sentences, %d tokens: UPOS %.4f XPOS %.4f lemma %.4f UAS %.4f LAS %.4f",
		sc.Sentences, sc.Tokens, sc.UPOS, sc.XPOS, sc.Lemma, sc.UAS, sc.LAS)
}

func TestLemmaIrregulars(t *testing.T) {
	p := defaultPipeline(t)
	tests := []struct{ form, xpos, want string }{
		{"launched", "VBD", "launch"},
		{"flew", "VBD", "fly"},
		{"flown", "VBN", "fly"},
		{"forces", "NNS", "force"},
		{"forces", "VBZ", "force"},
		{"went", "VBD", "go"},
		{"was", "VBD", "be"},
		{"is", "VBZ", "be"},
		{"children", "NNS", "child"},
		{"better", "JJR", "good"},
		{"drones", "NNS", "drone"},
		{"shelled", "VBD", "shell"},
		{"seized", "VBN", "seize"},
		{"carrying", "VBG", "carry"},
		{"Americans", "NNPS", "American"},
		{"Syria", "NNP", "Syria"},
		{"The", "DT", "the"},
	}
	for _, tt := range tests {
		if got := p.lemmas.lemma(tt.form, tt.xpos); got != tt.want {
			t.Errorf("lemma(%q, %s) = %q, want %q", tt.form, tt.xpos, got, tt.want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	p := defaultPipeline(t)
	text := "Russian jets launched strikes on the Al-Tanf base. The U.S. was attacked by drones."
	sents := p.Analyze(text)
	if len(sents) != 2 {
		t.Fatalf("got %d sentences, want 2", len(sents))
	}
	for _, s := range sents {
		roots := 0
		for i, tok := range s.Tokens {
			if text[tok.Start:tok.End] != tok.Text {
				t.Errorf("token %q offsets %d:%d", tok.Text, tok.Start, tok.End)
			}
			if tok.Head < 0 || tok.Head > len(s.Tokens) || tok.Head == i+1 {
				t.Errorf("token %q has head %d", tok.Text, tok.Head)
			}
			if tok.Head == 0 {
				roots++
			}
			if tok.UPOS == "" || tok.XPOS == "" || tok.Lemma == "" || tok.Rel == "" {
				t.Errorf("token %+v not fully analysed", tok)
			}
		}
		if roots != 1 {
			t.Errorf("sentence %q has %d roots", s.Text, roots)
		}
	}
	want := map[string]string{"jets": "nsubj", "strikes": "obj", "U.S.": "nsubj:pass", "drones": "obl:agent"}
	for _, s := range sents {
		for _, tok := range s.Tokens {
			if rel, ok := want[tok.Text]; ok && tok.Rel != rel {
				t.Errorf("%q: rel %s, want %s", tok.Text, tok.Rel, rel)
			}
		}
	}
	if got := p.Analyze(""); len(got) != 0 {
		t.Errorf("Analyze(\"\") = %v", got)
	}
}

func TestWriteCoNLLURoundTrip(t *testing.T) {
	p := defaultPipeline(t)
	text := "He said: “We don't know.”\n\nTroops left Syria's north."
	sents := p.Analyze(text)
	var buf bytes.Buffer
	if err := WriteCoNLLU(&buf, sents, "s"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	back, err := ReadCoNLLU(&buf, "written")
	if err != nil {
		t.Fatalf("reading our own output: %v\n%s", err, buf.String())
	}
	if len(back) != len(sents) {
		t.Fatalf("read %d sentences, wrote %d", len(back), len(sents))
	}
	for i := range back {
		for j, tok := range back[i].Tokens {
			w := sents[i].Tokens[j]
			if tok.Text != w.Text || tok.Head != w.Head || tok.Rel != w.Rel || tok.XPOS != w.XPOS {
				t.Errorf("token %d.%d: read %+v, wrote %+v", i, j, tok, w)
			}
		}
	}
	if !strings.Contains(out, "TokenRange=0:2") || !strings.Contains(out, "# text = He said") {
		t.Errorf("missing TokenRange or text comment:\n%s", out)
	}
}

func TestReadCoNLLUErrors(t *testing.T) {
	tests := []string{
		"1\tA\ta\tX\tX\t_\t0\troot\t_\n",       // 9 columns
		"2\tA\ta\tX\tX\t_\t0\troot\t_\t_\n",    // out of sequence
		"1\tA\ta\tX\tX\t_\t5\troot\t_\t_\n\n",  // head outside
		"1-x\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n", // bad range
		"1\tA\ta\tX\tX\t_\t-1\troot\t_\t_\n",   // negative head
	}
	for _, in := range tests {
		if _, err := ReadCoNLLU(strings.NewReader(in), "bad.conllu"); err == nil || !strings.Contains(err.Error(), "bad.conllu") {
			t.Errorf("ReadCoNLLU(%q) error = %v, want one naming the input", in, err)
		}
	}
}

func FuzzReadCoNLLU(f *testing.F) {
	data, err := os.ReadFile("testdata/ewt-dev-slice.conllu")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(data[:2000]))
	f.Add("# text = a b\n1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t1\tdep\t_\tSpaceAfter=No\n\n")
	f.Add("1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n1.1\tB\tb\tX\tX\t_\t_\t_\t_\t_\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := ReadCoNLLU(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, s := range sents {
			if len(s.SpaceAfter) != len(s.Tokens) {
				t.Fatalf("SpaceAfter has %d entries for %d tokens", len(s.SpaceAfter), len(s.Tokens))
			}
			for _, tok := range s.Tokens {
				if tok.Head < 0 || tok.Head > len(s.Tokens) {
					t.Fatalf("head %d outside sentence of %d", tok.Head, len(s.Tokens))
				}
			}
			for _, m := range s.MWT {
				if m[0] < 0 || m[1] < m[0] {
					t.Fatalf("bad MWT %v", m)
				}
			}
		}
		// The raw-text rebuild must not panic either.
		RawText(sents)
	})
}

// BenchmarkAnalyze measures tokenise + tag + lemmatise + parse over the
// five seed articles.
func BenchmarkAnalyze(b *testing.B) {
	p := defaultPipeline(b)
	files, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		b.Skip("no seed articles")
	}
	var sb strings.Builder
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(d)
		sb.WriteString("\n\n")
	}
	text := sb.String()
	n := 0
	for _, s := range p.Analyze(text) {
		n += len(s.Tokens)
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		p.Analyze(text)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func TestSplitCapsSentenceLength(t *testing.T) {
	text := strings.Repeat("word ", 1000)
	sents := SplitSentences(text)
	n := 0
	for _, s := range sents {
		if len(s.Tokens) > maxSentenceTokens {
			t.Fatalf("sentence of %d tokens exceeds the cap %d", len(s.Tokens), maxSentenceTokens)
		}
		n += len(s.Tokens)
	}
	if n != 1000 {
		t.Errorf("got %d tokens, want 1000", n)
	}
}

// BenchmarkLoad measures decoding the embedded models (what Default does
// once per process).
func BenchmarkLoad(b *testing.B) {
	sub, err := fs.Sub(embedded, "models")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(sub); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAnalyzeConcurrent(t *testing.T) {
	p := defaultPipeline(t)
	text := "Russian jets launched strikes on the Al-Tanf base. The U.S. was attacked by drones."
	want := p.Analyze(text)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got := p.Analyze(text)
				if !reflect.DeepEqual(got, want) {
					t.Error("concurrent Analyze gave a different result")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// FuzzModelReader checks that a corrupt model file (models may come from
// a user's directory) gives an error, not a panic.
func FuzzModelReader(f *testing.F) {
	var w modelWriter
	w.strs([]string{"NOUN", "VERB"})
	w.table(&linear{bits: 2, nclass: 2, w: []int16{1, 0, 0, 2, 0, 0, 3, 0}})
	f.Add(w.buf.Bytes())
	f.Add([]byte{26, 0xff, 0x1f, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, body []byte) {
		var mw modelWriter
		mw.buf.Write(body)
		var buf bytes.Buffer
		if err := mw.writeTo(&buf); err != nil {
			t.Fatal(err)
		}
		for _, read := range []func(*modelReader){
			func(r *modelReader) { readTagger(r) },
			func(r *modelReader) { readLemmatizer(r) },
			func(r *modelReader) { readParser(r) },
		} {
			r, err := newModelReader(buf.Bytes(), "fuzz")
			if err != nil {
				t.Fatal(err)
			}
			read(r)
		}
	})
}
