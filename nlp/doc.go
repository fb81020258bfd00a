// Package nlp is sitrep's English analysis core: a rule-based tokeniser and
// sentence splitter that keeps byte offsets into the original text, an
// averaged-perceptron part-of-speech tagger (UPOS and PTB XPOS), a
// lemmatiser, and an arc-eager beam-search dependency parser with a
// relation labeller that produces Universal Dependencies relations.
//
// The statistical models are trained on UD English EWT (CC BY-SA 4.0) by
// Train, stored feature-hashed and quantised under models/, and embedded in
// the binary; Default loads them once, on first use.
package nlp

// Token is one syntactic word of a sentence.
type Token struct {
	Text string
	// Start and End are byte offsets of the token in the original text,
	// End exclusive. Split clitics ("do" "n't") share their word's span
	// without overlapping.
	Start, End int
	// UPOS is the universal part of speech, XPOS the Penn Treebank tag.
	UPOS, XPOS string
	Lemma      string
	// Head is the 1-based index of the token's head in the sentence, 0 for
	// the root.
	Head int
	// Rel is the Universal Dependencies relation to the head ("nsubj",
	// "obl:agent", ...).
	Rel string
	// Name is set by a caller that knows the word is part of a name (a
	// knowledge base that recognised "IS" in "shelled IS groups"): the
	// tagger then makes it a proper noun whatever its model says.
	Name bool
}

// Sentence is one sentence with its tokens. Start and End are byte offsets
// in the original text; Text is the text between them.
type Sentence struct {
	Start, End int
	Text       string
	Tokens     []Token
}
