package coder

import (
	"bytes"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
)

// The coder's learned judgement is a set of small multinomial logistic
// regression models over hashed features: each feature is a string
// ("trigger=strike", "path=nsubj^") hashed into a table of 2^bits rows,
// one weight per class in each row. They are trained by Train on the gold
// sets and embedded in the binary (models/coder.bin).

// feats collects the hashed features of one decision.
type feats struct {
	h []uint64
}

// add adds the feature name=value (value may be empty).
func (f *feats) add(name, value string) {
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	h ^= '='
	h *= 1099511628211
	for i := 0; i < len(value); i++ {
		h ^= uint64(value[i])
		h *= 1099511628211
	}
	f.h = append(f.h, h)
}

// addf adds a boolean feature when on.
func (f *feats) addIf(on bool, name string) {
	if on {
		f.add(name, "")
	}
}

// cross adds name=value and, for each prefix given, prefix|name=value, so
// that a feature can weigh differently per event type.
func (f *feats) cross(prefix, name, value string) {
	f.add(name, value)
	f.add(prefix+"|"+name, value)
}

// linModel is a trained multinomial logistic regression.
type linModel struct {
	name    string
	classes []string
	bits    uint
	w       []float32 // (1<<bits) rows × len(classes)
}

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func (m *linModel) row(h uint64) int {
	return int(mix(h)>>(64-m.bits)) * len(m.classes)
}

// scores returns the class probabilities for f.
func (m *linModel) scores(f *feats, out []float64) []float64 {
	n := len(m.classes)
	out = append(out[:0], make([]float64, n)...)
	for _, h := range f.h {
		r := m.row(h)
		for c := 0; c < n; c++ {
			out[c] += float64(m.w[r+c])
		}
	}
	softmax(out)
	return out
}

func softmax(z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = math.Max(mx, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - mx)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
}

// class returns the index of a class name, or -1.
func (m *linModel) class(name string) int {
	for i, c := range m.classes {
		if c == name {
			return i
		}
	}
	return -1
}

// example is one training decision.
type example struct {
	f      feats
	label  int
	weight float64
}

// trainOptions control trainSoftmax.
type trainOptions struct {
	bits   uint
	epochs int
	rate   float64 // AdaGrad base learning rate
	l2     float64 // L2 penalty per example visit
	seed   uint64
	vary   Variation
}

// Variation varies training for repeated cross-validation: Seed shifts
// every model's shuffling seed (0: the embedded models' seeds), and Bag
// averages each model's weights over that many seeds (0 or 1: one).
type Variation struct {
	Seed uint64
	Bag  int
}

// startSeed is the shuffling generator's first state: the model's seed,
// shifted by the variation's seed and by SITREP_DEV_SEED in experiments
// (see devInt).
func (o trainOptions) startSeed() uint64 {
	return (o.seed + (o.vary.Seed+uint64(devInt("SITREP_DEV_SEED", 0)))*1000) | 1
}

// trainSoftmax fits a multinomial logistic regression by AdaGrad with L2
// regularisation. It is deterministic: the same examples in the same order
// give the same weights.
func trainSoftmax(name string, classes []string, exs []example, o trainOptions) *linModel {
	return bag(o, func(o trainOptions) *linModel { return trainSoftmaxOnce(name, classes, exs, o) })
}

// bag averages the weights of models trained with different shuffling
// seeds: the variation's Bag of them, else SITREP_DEV_BAG (1 unless
// experimenting: see devFloat).
func bag(o trainOptions, train func(trainOptions) *linModel) *linModel {
	k := o.vary.Bag
	if k <= 1 {
		k = devInt("SITREP_DEV_BAG", 1)
	}
	m := train(o)
	if k <= 1 {
		return m
	}
	sum := make([]float64, len(m.w))
	for i := range k {
		if i > 0 {
			o.seed += 7919
			m = train(o)
		}
		for j, v := range m.w {
			sum[j] += float64(v)
		}
	}
	for j := range sum {
		m.w[j] = float32(sum[j] / float64(k))
	}
	return m
}

func trainSoftmaxOnce(name string, classes []string, exs []example, o trainOptions) *linModel {
	n := len(classes)
	m := &linModel{name: name, classes: classes, bits: o.bits, w: make([]float32, (1<<o.bits)*n)}
	w := make([]float64, len(m.w))
	g2 := make([]float64, len(m.w))
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := o.startSeed()
	p := make([]float64, n)
	for epoch := 0; epoch < o.epochs; epoch++ {
		// Fisher-Yates with xorshift: reproducible everywhere.
		for i := len(order) - 1; i > 0; i-- {
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			j := int(rng % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, k := range order {
			ex := &exs[k]
			clear(p)
			for _, h := range ex.f.h {
				r := m.row(h)
				for c := 0; c < n; c++ {
					p[c] += w[r+c]
				}
			}
			softmax(p)
			for _, h := range ex.f.h {
				r := m.row(h)
				for c := 0; c < n; c++ {
					y := 0.0
					if c == ex.label {
						y = 1
					}
					g := ex.weight*(p[c]-y) + o.l2*w[r+c]
					g2[r+c] += g * g
					w[r+c] -= o.rate * g / (math.Sqrt(g2[r+c]) + 1e-8)
				}
			}
		}
	}
	for i, v := range w {
		m.w[i] = float32(v)
	}
	return m
}

// Model file: magic, then models, each as name, classes, bits and its
// non-zero weights as (gap, float32 bits) pairs in varints.
const coderModelMagic = "sitrep-coder-model-1\n"

func writeModels(ms []*linModel) []byte {
	var b bytes.Buffer
	b.WriteString(coderModelMagic)
	uv := func(x uint64) { b.Write(binary.AppendUvarint(nil, x)) }
	str := func(s string) { uv(uint64(len(s))); b.WriteString(s) }
	uv(uint64(len(ms)))
	for _, m := range ms {
		str(m.name)
		uv(uint64(len(m.classes)))
		for _, c := range m.classes {
			str(c)
		}
		uv(uint64(m.bits))
		nz := 0
		for _, v := range m.w {
			if v != 0 {
				nz++
			}
		}
		uv(uint64(nz))
		last := 0
		for i, v := range m.w {
			if v == 0 {
				continue
			}
			uv(uint64(i - last))
			last = i
			uv(uint64(math.Float32bits(v)))
		}
	}
	return b.Bytes()
}

// readModels reads what writeModels wrote; name is used in errors.
func readModels(data []byte, name string) (map[string]*linModel, error) {
	if !bytes.HasPrefix(data, []byte(coderModelMagic)) {
		return nil, fmt.Errorf("%s: not a coder model file", name)
	}
	r := bytes.NewReader(data[len(coderModelMagic):])
	var err error
	uv := func() uint64 {
		if err != nil {
			return 0
		}
		var x uint64
		x, err = binary.ReadUvarint(r)
		return x
	}
	str := func() string {
		n := uv()
		if err != nil || n > uint64(r.Len()) {
			err = errors.New("bad string")
			return ""
		}
		b := make([]byte, n)
		r.Read(b)
		return string(b)
	}
	out := map[string]*linModel{}
	count := uv()
	for k := uint64(0); k < count && err == nil; k++ {
		m := &linModel{name: str()}
		nc := uv()
		if nc == 0 || nc > 64 {
			err = errors.New("bad class count")
			break
		}
		for range nc {
			m.classes = append(m.classes, str())
		}
		m.bits = uint(uv())
		if m.bits < 4 || m.bits > 24 {
			err = errors.New("bad table size")
			break
		}
		m.w = make([]float32, (1<<m.bits)*len(m.classes))
		nz := uv()
		at := 0
		for range nz {
			at += int(uv())
			v := math.Float32frombits(uint32(uv()))
			if err != nil || at < 0 || at >= len(m.w) {
				err = errors.New("weight index out of range")
				break
			}
			m.w[at] = v
		}
		out[m.name] = m
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

//go:embed models
var modelFS embed.FS

// embeddedModels returns the models built into the binary, or nil when
// none were trained yet.
func embeddedModels() (map[string]*linModel, error) {
	data, err := modelFS.ReadFile("models/coder.bin")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return readModels(data, "embedded coder models")
}

// choice is one listwise training example: candidates, of which those
// marked correct are equally right answers (the gold event names a
// country, and several participants may be of it).
type choice struct {
	cands   []feats
	correct []bool
	weight  float64
}

// trainRanker fits a conditional logit model: one weight per feature, a
// candidate's score the sum of its features' weights, and the chance of
// choosing it the softmax of the scores over its list. The loss is the
// negative log of the chance of choosing any correct candidate. AdaGrad
// with L2, deterministic like trainSoftmax.
func trainRanker(name string, chs []choice, o trainOptions) *linModel {
	return bag(o, func(o trainOptions) *linModel { return trainRankerOnce(name, chs, o) })
}

func trainRankerOnce(name string, chs []choice, o trainOptions) *linModel {
	m := &linModel{name: name, classes: []string{"score"}, bits: o.bits, w: make([]float32, 1<<o.bits)}
	w := make([]float64, len(m.w))
	g2 := make([]float64, len(m.w))
	order := make([]int, len(chs))
	for i := range order {
		order[i] = i
	}
	rng := o.startSeed()
	var p, q []float64
	for epoch := 0; epoch < o.epochs; epoch++ {
		for i := len(order) - 1; i > 0; i-- {
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			j := int(rng % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		for _, k := range order {
			ch := &chs[k]
			n := len(ch.cands)
			p = append(p[:0], make([]float64, n)...)
			for i := range ch.cands {
				for _, h := range ch.cands[i].h {
					p[i] += w[m.row(h)]
				}
			}
			softmax(p)
			// q: the distribution over correct candidates only.
			q = append(q[:0], make([]float64, n)...)
			z := 0.0
			for i := range p {
				if ch.correct[i] {
					z += p[i]
				}
			}
			if z == 0 {
				continue
			}
			for i := range p {
				if ch.correct[i] {
					q[i] = p[i] / z
				}
			}
			for i := range ch.cands {
				g := ch.weight * (p[i] - q[i])
				if g == 0 {
					continue
				}
				for _, h := range ch.cands[i].h {
					r := m.row(h)
					gr := g + o.l2*w[r]
					g2[r] += gr * gr
					w[r] -= o.rate * gr / (math.Sqrt(g2[r]) + 1e-8)
				}
			}
		}
	}
	for i, v := range w {
		m.w[i] = float32(v)
	}
	return m
}

// score returns the raw score of one candidate under a ranker.
func (m *linModel) score(f *feats) float64 {
	s := 0.0
	for _, h := range f.h {
		s += float64(m.w[m.row(h)])
	}
	return s
}
