package nlp

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var (
	retrain = flag.Bool("retrain", false,
		"retrain the NLP models from the EWT treebank in ../shared and compare them with the embedded ones (about 13 min of CPU)")
	retrainIfChanged = flag.Bool("retrain-if-changed", false,
		"like -retrain, but only when the training inputs differ from those recorded in models/inputs.sha256")
	treebankDir = flag.String("treebank", filepath.Join("..", "..", "shared", "data", "ud-english-ewt"),
		"directory of the UD English EWT treebank the models are trained on")
)

// stampFile records the training inputs of the last retraining that
// reproduced the embedded models byte for byte.
const stampFile = "models/inputs.sha256"

// TestEmbeddedModelsReproduce retrains the tagger, lemmatiser and parser
// into a temporary folder and checks that the bytes equal the embedded
// models: the committed models are what the committed code builds from the
// pinned treebank. When they do, it records the inputs in
// models/inputs.sha256, so that CI (-retrain-if-changed) can skip the
// retraining until the training code or the treebank changes.
func TestEmbeddedModelsReproduce(t *testing.T) {
	if !*retrain && !*retrainIfChanged {
		t.Skip("run with -retrain or -retrain-if-changed (needs ../shared beside the checkout; -timeout 60m)")
	}
	stamp, err := inputsStamp(*treebankDir)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(stampFile)
	if *retrainIfChanged && !*retrain && bytes.Equal(old, stamp) {
		t.Skipf("training inputs unchanged since the models last reproduced (%s)", stampFile)
	}
	out := t.TempDir()
	var log bytes.Buffer
	if err := Train(TrainOptions{Treebank: *treebankDir, Out: out, Log: &log}); err != nil {
		t.Fatal(err)
	}
	t.Logf("training log:\n%s", log.String())
	differ := false
	for _, name := range []string{TaggerFile, LemmaFile, ParserFile} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := fs.ReadFile(embedded, "models/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			differ = true
			t.Errorf("retrained %s (%d bytes, sha256 %x) differs from the embedded one (%d bytes, sha256 %x)",
				name, len(got), sha256.Sum256(got), len(want), sha256.Sum256(want))
		}
	}
	if differ {
		t.Fatalf("the embedded models are not what the code trains: retrain with 'sitrep nlp train --treebank %s --out nlp/models' (models/README.md) and commit the models if their accuracy holds", *treebankDir)
	}
	if !bytes.Equal(old, stamp) {
		if err := os.WriteFile(stampFile, stamp, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("the models reproduce; %s updated: commit it", stampFile)
	}
}

// inputsStamp lists what the trained bytes depend on, one "sha256  name"
// line each: the package's non-test Go files and those of the in-module
// packages training uses, the Go release and the Zstandard module version
// (the model files are compressed), and the treebank's train and dev
// splits (test never trains).
func inputsStamp(treebank string) ([]byte, error) {
	var lines []string
	add := func(name string, data []byte) {
		lines = append(lines, fmt.Sprintf("%x  %s", sha256.Sum256(data), name))
	}
	for _, dir := range []string{".", "../internal/zst", "../internal/regular"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			add(filepath.ToSlash(filepath.Join("nlp", f)), b) // Join cleans ../ away
		}
	}
	// The release, not the patch level: a toolchain change re-verifies.
	v := runtime.Version()
	if i := strings.LastIndexByte(v, '.'); strings.Count(v, ".") > 1 {
		v = v[:i]
	}
	add("go "+v, []byte(v))
	mod, err := moduleVersion("../go.mod", "github.com/klauspost/compress")
	if err != nil {
		return nil, err
	}
	add("module "+mod, []byte(mod))
	for _, split := range []string{"train", "dev"} {
		path, err := findSplit(treebank, split)
		if err != nil {
			return nil, err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		add("treebank/"+filepath.Base(path), b)
	}
	slices.Sort(lines)
	var b bytes.Buffer
	b.WriteString("# Inputs of the last retraining that reproduced the models byte for byte\n")
	b.WriteString("# (written by go test ./nlp -run EmbeddedModelsReproduce -retrain).\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.Bytes(), nil
}

// moduleVersion returns "path version" of a requirement in a go.mod file.
func moduleVersion(gomod, path string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if fields = slices.DeleteFunc(fields, func(s string) bool { return s == "require" || s == "(" }); len(fields) >= 2 && fields[0] == path {
			return fields[0] + " " + fields[1], nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New(gomod + ": no requirement " + path)
}

// TestInputsStampLists checks that the stamp names every input it should,
// without retraining.
func TestInputsStampLists(t *testing.T) {
	if _, err := os.Stat(*treebankDir); err != nil {
		t.Skip("no treebank beside the checkout")
	}
	stamp, err := inputsStamp(*treebankDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"nlp/train.go", "nlp/tagger.go", "nlp/parser.go", "internal/zst/zst.go",
		"module github.com/klauspost/compress", "treebank/en_ewt-ud-train.conllu", "treebank/en_ewt-ud-dev.conllu"} {
		if !bytes.Contains(stamp, []byte("  "+want)) {
			t.Errorf("stamp lacks %s:\n%s", want, stamp)
		}
	}
	if bytes.Contains(stamp, []byte("_test.go")) {
		t.Errorf("stamp lists test files:\n%s", stamp)
	}
}
