package jit

import (
	"math"

	"ad/interp/array"
	"ad/jaxpr"
)

// chunk is the number of elements a fused kernel computes at a time: each
// operation's chunk of results (a few KiB) stays in the L1 or L2 cache
// until the next operation reads it, so a chain of operations makes one
// pass over memory. It divides array.ChunkSize, so the cancellation check
// between chunks is at least as frequent as the kernels'.
const chunk = 4096

// parallelMin is the size from which a fused kernel splits its chunks
// over goroutines: below it, starting them costs more than they save.
const parallelMin = 1 << 15

// group is a fused kernel: element-wise equations of one shape (members,
// in program order), the broadcasts they read in place, and optionally a
// reduction over trailing axes of one member's result.
type group struct {
	id        int
	key       string
	shape     []int
	closed    bool
	members   []*jaxpr.Eqn
	memberIdx []int
	reduce    *jaxpr.Eqn
	reduceIdx int
	step      int // index of its step in the executable

	n         int
	ops       []fop
	inputs    []input
	outputs   []gout
	outOf     []int // local -> index in outputs, or -1
	scratchOf []int // local -> scratch buffer, or -1
	scratch   []jaxpr.DType
	maxRank   int
	red       *reduction
	pieces    []piece
}

type opKind uint8

const (
	kUnary opKind = iota
	kBinary
	kSelect
	kConvert
)

// fop is one operation of a fused kernel: dst = op(args...) on a chunk.
type fop struct {
	kind  opKind
	op    array.Op
	dst   int
	args  []operand
	dtype jaxpr.DType // the result's
}

// operand is a local value (a member's result) or an input of the group.
type operand struct {
	local bool
	idx   int
}

type inputKind uint8

const (
	inFull   inputKind = iota // a whole array of the group's shape
	inScalar                  // one element, broadcast
	inGather                  // a broadcast read through its index map
)

// input is a value a group reads from outside it.
type input struct {
	ref    ref
	kind   inputKind
	dtype  jaxpr.DType
	stride []int // inGather: source stride per axis of the group's shape (0: repeated)
}

// gout is a member's result that is needed outside the group.
type gout struct {
	local int
	slot  int
	typ   jaxpr.Type
	arena int // buffer of the arena it lives in, or -1 for a fresh array
	v     *jaxpr.Var
}

// reduction is a group's trailing reduction: local's values reduced over
// rows of m elements into one result each.
type reduction struct {
	local int
	max   bool
	m     int
	slot  int
	typ   jaxpr.Type
}

// piece is a range of flat indices one worker computes at once: a chunk,
// whole rows of a reduction, or one leaf of the summation tree of a long
// row.
type piece struct{ lo, hi int }

// compile builds g's kernel from its members.
func (g *group) compile(b *builder) {
	g.n = jaxpr.ArrayOf(jaxpr.F64, g.shape...).Size()
	g.maxRank = len(g.shape)
	locals := map[*jaxpr.Var]int{}
	inputs := map[any]int{}
	addInput := func(a jaxpr.Atom) int {
		var key any = a
		if l, ok := a.(*jaxpr.Literal); ok {
			key = l.Value
		}
		if k, ok := inputs[key]; ok {
			return k
		}
		in := input{dtype: a.Type().DType}
		v, isVar := a.(*jaxpr.Var)
		if be := b.lazy[v]; isVar && be != nil {
			src := be.Ins[0]
			in.ref = b.ref(src)
			in.dtype = src.Type().DType
			if src.Type().Size() == 1 {
				in.kind = inScalar
			} else {
				in.kind = inGather
				in.stride = gatherStrides(src.Type().Shape, be.Params.Ints("broadcast_dimensions"), g.shape)
			}
		} else {
			in.ref = b.ref(a)
			in.kind = inFull
			if a.Type().Size() == 1 && g.n != 1 {
				in.kind = inScalar
			}
		}
		g.inputs = append(g.inputs, in)
		inputs[key] = len(g.inputs) - 1
		return len(g.inputs) - 1
	}
	operandOf := func(a jaxpr.Atom) operand {
		if v, ok := a.(*jaxpr.Var); ok {
			if k, ok := locals[v]; ok {
				return operand{local: true, idx: k}
			}
		}
		return operand{idx: addInput(a)}
	}
	lastUse := []int{}
	for i, e := range g.members {
		f := fop{dtype: e.Outs[0].Type().DType}
		switch e.Prim.Name() {
		case "select":
			f.kind = kSelect
		case "convert":
			f.kind = kConvert
		default:
			f.op, _ = array.OpNamed(e.Prim.Name())
			f.kind = kUnary
			if f.op.Arity() == 2 {
				f.kind = kBinary
			}
		}
		for _, a := range e.Ins {
			o := operandOf(a)
			if o.local {
				lastUse[o.idx] = i
			}
			f.args = append(f.args, o)
		}
		f.dst = len(lastUse)
		locals[e.Outs[0]] = f.dst
		lastUse = append(lastUse, i)
		g.ops = append(g.ops, f)
	}
	if g.reduce != nil {
		v := g.reduce.Ins[0].(*jaxpr.Var)
		k := locals[v]
		lastUse[k] = len(g.members)
		t := v.Type()
		axes := g.reduce.Params.Ints("axes")
		m := 1
		for _, a := range axes {
			m *= t.Shape[a]
		}
		out := g.reduce.Outs[0]
		g.red = &reduction{local: k, max: g.reduce.Prim.Name() == "reduce_max", m: m, slot: b.slot(out), typ: out.Type()}
	}
	// Results read outside the group are written straight into arrays;
	// the others live in scratch chunks, reused once dead.
	g.outOf = make([]int, len(lastUse))
	g.scratchOf = make([]int, len(lastUse))
	type free struct {
		buf int
		at  int
	}
	var frees []free
	for k, e := range g.members {
		v := e.Outs[0]
		g.outOf[k], g.scratchOf[k] = -1, -1
		if b.readOutside(v, g) {
			g.outOf[k] = len(g.outputs)
			g.outputs = append(g.outputs, gout{local: k, slot: b.slot(v), typ: v.Type(), arena: -1, v: v})
			continue
		}
		buf := -1
		for fi, f := range frees {
			if f.at < k && g.scratch[f.buf] == v.Type().DType {
				buf = f.buf
				frees = append(frees[:fi:fi], frees[fi+1:]...)
				break
			}
		}
		if buf < 0 {
			buf = len(g.scratch)
			g.scratch = append(g.scratch, v.Type().DType)
		}
		g.scratchOf[k] = buf
		frees = append(frees, free{buf, lastUse[k]})
	}
	g.pieces = g.makePieces()
}

// readOutside reports whether v, a member's result, is read by anything
// but g's own members and reduction (later equations, the outputs).
func (b *builder) readOutside(v *jaxpr.Var, g *group) bool {
	for _, u := range b.uses[v] {
		if u < 0 {
			return true
		}
		e := b.eqns[u]
		if b.x.fusedOf[e] != g {
			return true
		}
	}
	return false
}

// gatherStrides returns, for each axis of shape, the stride of the
// broadcast source along it: 0 where the source repeats.
func gatherStrides(src, dims, shape []int) []int {
	st := make([]int, len(shape))
	srcStrides := array.RowMajorStrides(src)
	for k, d := range dims {
		if src[k] == shape[d] {
			st[d] = srcStrides[k]
		}
	}
	return st
}

// makePieces splits the group's index space into pieces: chunks, whole
// rows of a reduction, or the leaves of the summation tree of long rows
// (split in halves as the eager kernel's pairwise sum splits them, so a
// fused sum adds in the same order).
func (g *group) makePieces() []piece {
	var ps []piece
	if g.red == nil {
		for lo := 0; lo < g.n; lo += chunk {
			ps = append(ps, piece{lo, min(lo+chunk, g.n)})
		}
		return ps
	}
	m := g.red.m
	if m <= chunk {
		step := max(1, chunk/m) * m
		for lo := 0; lo < g.n; lo += step {
			ps = append(ps, piece{lo, min(lo+step, g.n)})
		}
		return ps
	}
	var leaves func(lo, n int)
	leaves = func(lo, n int) {
		if n <= chunk {
			ps = append(ps, piece{lo, lo + n})
			return
		}
		h := n / 2
		leaves(lo, h)
		leaves(lo+h, n-h)
	}
	for r := 0; r < g.n/m; r++ {
		leaves(r*m, m)
	}
	return ps
}

// wstate is one worker's chunk buffers, kept between calls.
type wstate struct {
	scratch []vec
	gbuf    []vec
	vals    []vec
	ins     []vec
	args    []vec
	idx     []int
}

func (g *group) newWorker() *wstate {
	w := &wstate{scratch: make([]vec, len(g.scratch)), gbuf: make([]vec, len(g.inputs)),
		vals: make([]vec, len(g.ops)), ins: make([]vec, len(g.inputs)), args: make([]vec, 3),
		idx: make([]int, g.maxRank)}
	for i, d := range g.scratch {
		w.scratch[i] = makeVec(d, chunk)
	}
	for i, in := range g.inputs {
		if in.kind == inGather {
			w.gbuf[i] = makeVec(in.dtype, chunk)
		}
	}
	return w
}

// grun is one call's view of a group: the data of its inputs, outputs
// and reduction.
type grun struct {
	in       []vec
	out      []vec
	red      vec
	partials vec
}

type groupStep struct {
	g *group
	x *Executable
}

func (s *groupStep) run(rs *runState) {
	g := s.g
	gr := &grun{in: make([]vec, len(g.inputs)), out: make([]vec, len(g.outputs))}
	for i, in := range g.inputs {
		gr.in[i] = vecOf(in.ref.get(rs.vals))
	}
	for i, o := range g.outputs {
		var a *array.Array
		if o.arena >= 0 && rs.arena != nil {
			a = rs.arena.get(o.arena, o.typ)
		} else {
			a = rs.c.Alloc(o.typ)
		}
		rs.vals[o.slot] = a
		gr.out[i] = vecOf(a)
	}
	if g.red != nil {
		a := rs.c.Alloc(g.red.typ)
		rs.vals[g.red.slot] = a
		gr.red = vecOf(a)
		if g.red.m > chunk {
			gr.partials = makeVec(g.red.typ.DType, len(g.pieces))
		}
	}
	nw := 1
	if g.n >= parallelMin && len(g.pieces) > 1 {
		nw = min(s.x.workers(), len(g.pieces))
	}
	ws := rs.workers(g, nw)
	if nw == 1 {
		for i, p := range g.pieces {
			if i > 0 {
				if err := rs.c.Err(); err != nil {
					panic(err)
				}
			}
			g.piece(ws[0], gr, i, p)
		}
	} else {
		runParallel(rs.c, g, gr, ws)
	}
	if g.red != nil && g.red.m > chunk {
		g.red.combine(gr)
	}
}

// runParallel computes g's pieces on len(ws) goroutines with
// array.Parallel: each takes the next piece; the first error (an
// interrupt, a kernel's error) stops them all and is raised once they have
// stopped.
func runParallel(c array.Context, g *group, gr *grun, ws []*wstate) {
	array.Parallel(c, len(g.pieces), len(ws), func(w, i int) { g.piece(ws[w], gr, i, g.pieces[i]) })
}

// piece computes the group's operations on the flat indices of p.
func (g *group) piece(w *wstate, gr *grun, pi int, p piece) {
	lo, hi := p.lo, p.hi
	n := hi - lo
	for i, in := range g.inputs {
		switch in.kind {
		case inFull:
			w.ins[i] = gr.in[i].slice(lo, hi)
		case inScalar:
			w.ins[i] = gr.in[i].slice(0, 1)
		case inGather:
			w.ins[i] = gather(w.gbuf[i], gr.in[i], g.shape, in.stride, w.idx, lo, n)
		}
	}
	for k := range g.ops {
		f := &g.ops[k]
		var out vec
		if o := g.outOf[f.dst]; o >= 0 {
			out = gr.out[o].slice(lo, hi)
		} else {
			out = w.scratch[g.scratchOf[f.dst]].slice(0, n)
		}
		args := w.args[:len(f.args)]
		for j, a := range f.args {
			if a.local {
				args[j] = w.vals[a.idx]
			} else {
				args[j] = w.ins[a.idx]
			}
		}
		apply(f, out, args)
		w.vals[f.dst] = out
	}
	if r := g.red; r != nil {
		r.piece(gr, w.vals[r.local], pi, p)
	}
}

// gather fills buf[:n] with the elements lo..lo+n of a broadcast of src
// whose strides along each axis of shape are st.
func gather(buf, src vec, shape, st, idx []int, lo, n int) vec {
	buf = buf.slice(0, n)
	switch buf.d {
	case jaxpr.F64:
		gatherLoop(buf.f64, src.f64, shape, st, idx, lo)
	case jaxpr.F32:
		gatherLoop(buf.f32, src.f32, shape, st, idx, lo)
	case jaxpr.I64:
		gatherLoop(buf.i64, src.i64, shape, st, idx, lo)
	default:
		gatherLoop(buf.b, src.b, shape, st, idx, lo)
	}
	return buf
}

func gatherLoop[T any](dst, src []T, shape, st, idx []int, lo int) {
	r := len(shape)
	off, rem := 0, lo
	for d := r - 1; d >= 0; d-- {
		idx[d] = rem % shape[d]
		rem /= shape[d]
		off += idx[d] * st[d]
	}
	inner, s := shape[r-1], st[r-1]
	for i := 0; i < len(dst); {
		run := min(inner-idx[r-1], len(dst)-i)
		switch s {
		case 0:
			v := src[off]
			for k := range run {
				dst[i+k] = v
			}
		case 1:
			copy(dst[i:i+run], src[off:off+run])
		default:
			for k := range run {
				dst[i+k] = src[off+k*s]
			}
		}
		i += run
		off += run * s
		idx[r-1] += run
		for d := r - 1; d > 0 && idx[d] == shape[d]; d-- {
			off -= idx[d] * st[d]
			idx[d] = 0
			idx[d-1]++
			off += st[d-1]
		}
	}
}

// number is the element types a reduction adds.
type number interface {
	~float64 | ~float32 | ~int64
}

func (r *reduction) piece(gr *grun, vals vec, pi int, p piece) {
	switch vals.d {
	case jaxpr.F64:
		reducePiece(r, gr.red.f64, gr.partials.f64, vals.f64, pi, p, math.Inf(-1))
	case jaxpr.F32:
		reducePiece(r, gr.red.f32, gr.partials.f32, vals.f32, pi, p, float32(math.Inf(-1)))
	case jaxpr.I64:
		reducePiece(r, gr.red.i64, gr.partials.i64, vals.i64, pi, p, math.MinInt64)
	}
}

// reducePiece reduces the rows of p (or p, one leaf of a long row) as the
// eager kernel does: a pairwise sum, or a running maximum.
func reducePiece[T number](r *reduction, out, partials, vals []T, pi int, p piece, lowest T) {
	reduce := func(x []T) T {
		if r.max {
			return array.MaxSlice(x, lowest)
		}
		return array.SumSlice(x)
	}
	if r.m > chunk {
		partials[pi] = reduce(vals)
		return
	}
	for row := p.lo / r.m; row < p.hi/r.m; row++ {
		lo := row*r.m - p.lo
		out[row] = reduce(vals[lo : lo+r.m])
	}
}

// combine joins the partial results of long rows along the tree their
// leaves came from.
func (r *reduction) combine(gr *grun) {
	switch gr.red.d {
	case jaxpr.F64:
		combineRows(r, gr.red.f64, gr.partials.f64)
	case jaxpr.F32:
		combineRows(r, gr.red.f32, gr.partials.f32)
	case jaxpr.I64:
		combineRows(r, gr.red.i64, gr.partials.i64)
	}
}

func combineRows[T number](r *reduction, out, partials []T) {
	k := 0
	var tree func(n int) T
	tree = func(n int) T {
		if n <= chunk {
			v := partials[k]
			k++
			return v
		}
		h := n / 2
		a := tree(h)
		b := tree(n - h)
		if r.max {
			return array.MaxOf(b, a)
		}
		return a + b
	}
	for row := range out {
		out[row] = tree(r.m)
	}
}
