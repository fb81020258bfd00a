package nlp

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// TreebankSentence is one sentence read from a CoNLL-U file: the syntactic
// words with their gold annotation, plus the comments sitrep uses.
type TreebankSentence struct {
	// ID is the "# sent_id" comment.
	ID string
	// Text is the "# text" comment, the sentence's raw text.
	Text string
	// NewDoc and NewPar report "# newdoc" and "# newpar" comments.
	NewDoc, NewPar bool
	// Tokens are the syntactic words. Start and End are not set.
	Tokens []Token
	// SpaceAfter[i] is false when word i has SpaceAfter=No (for a
	// multi-word token, on its last word).
	SpaceAfter []bool
	// MWT lists the multi-word token ranges as [first, last] 0-based word
	// indices.
	MWT [][2]int
}

// ReadCoNLLU reads the sentences of a CoNLL-U stream. Multi-word token
// lines are recorded in MWT and empty nodes (ID 8.1) are skipped. name is
// used in error messages.
func ReadCoNLLU(r io.Reader, name string) ([]TreebankSentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var (
		out    []TreebankSentence
		cur    TreebankSentence
		lineNo int
		mwtEnd int // ID of the last word of the open multi-word token
	)
	flush := func() error {
		if len(cur.Tokens) == 0 {
			return nil // comments only, or a repeated blank line
		}
		for i, t := range cur.Tokens {
			if t.Head < 0 || t.Head > len(cur.Tokens) {
				return fmt.Errorf("%s:%d: word %d of sentence %q has head %d outside the sentence", name, lineNo, i+1, cur.ID, t.Head)
			}
		}
		out = append(out, cur)
		cur = TreebankSentence{}
		mwtEnd = 0
		return nil
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		if line[0] == '#' {
			key, val, ok := strings.Cut(strings.TrimSpace(line[1:]), "=")
			key = strings.TrimSpace(key)
			switch {
			case ok && key == "sent_id":
				cur.ID = strings.TrimSpace(val)
			case ok && key == "text":
				cur.Text = strings.TrimSpace(val)
			case strings.HasPrefix(key, "newdoc"):
				cur.NewDoc = true
			case strings.HasPrefix(key, "newpar"):
				cur.NewPar = true
			}
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 10 {
			return nil, fmt.Errorf("%s:%d: want 10 tab-separated columns, got %d", name, lineNo, len(cols))
		}
		id := cols[0]
		if strings.Contains(id, ".") {
			continue // empty node of the enhanced graph
		}
		if a, b, ok := strings.Cut(id, "-"); ok {
			first, err1 := strconv.Atoi(a)
			last, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || first < 1 || last < first || first != len(cur.Tokens)+1 {
				return nil, fmt.Errorf("%s:%d: bad multi-word token range %q", name, lineNo, id)
			}
			cur.MWT = append(cur.MWT, [2]int{first - 1, last - 1})
			mwtEnd = last
			if strings.Contains(cols[9], "SpaceAfter=No") {
				mwtEnd = -last
			}
			continue
		}
		n, err := strconv.Atoi(id)
		if err != nil || n != len(cur.Tokens)+1 {
			return nil, fmt.Errorf("%s:%d: word ID %q out of sequence", name, lineNo, id)
		}
		head := 0
		if cols[6] != "_" {
			head, err = strconv.Atoi(cols[6])
			if err != nil || head < 0 {
				return nil, fmt.Errorf("%s:%d: bad head %q", name, lineNo, cols[6])
			}
		}
		cur.Tokens = append(cur.Tokens, Token{
			Text: cols[1], Lemma: cols[2], UPOS: cols[3], XPOS: cols[4], Head: head, Rel: cols[7],
		})
		space := !strings.Contains(cols[9], "SpaceAfter=No")
		if mwtEnd != 0 && (n == mwtEnd || n == -mwtEnd) {
			space = mwtEnd > 0
			mwtEnd = 0
		} else if mwtEnd != 0 {
			space = false
		}
		cur.SpaceAfter = append(cur.SpaceAfter, space)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// WriteCoNLLU writes analysed sentences as CoNLL-U with "# sent_id" and
// "# text" comments; MISC holds TokenRange=start:end byte offsets and
// SpaceAfter=No where the next token follows without a space. idPrefix
// starts each sent_id.
func WriteCoNLLU(w io.Writer, sents []Sentence, idPrefix string) error {
	bw := bufio.NewWriter(w)
	for si, s := range sents {
		fmt.Fprintf(bw, "# sent_id = %s%d\n", idPrefix, si+1)
		fmt.Fprintf(bw, "# text = %s\n", strings.Join(strings.Fields(s.Text), " "))
		for i, t := range s.Tokens {
			misc := fmt.Sprintf("TokenRange=%d:%d", t.Start, t.End)
			if i+1 < len(s.Tokens) && s.Tokens[i+1].Start == t.End {
				misc = "SpaceAfter=No|" + misc
			}
			head := strconv.Itoa(t.Head)
			fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s\t_\t%s\t%s\t_\t%s\n", i+1,
				field(t.Text), field(t.Lemma), field(t.UPOS), field(t.XPOS), head, field(t.Rel), misc)
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// field makes s safe for a CoNLL-U column.
func field(s string) string {
	if s == "" {
		return "_"
	}
	if strings.ContainsAny(s, "\t\n\r") {
		return strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}
