package lang

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ad/interp"
	"ad/interp/jit"
	"ad/jaxpr"
)

// Jit returns the function jit(f), which compiles f as XLA compiles JAX's
// jitted functions: the first call with arguments of given types stages f
// to a jaxpr and compiles it (package interp/jit: DCE, CSE, constant
// folding, fused kernels, planned buffers); later calls with the same
// types (shapes, dtypes, and the same static arguments such as functions)
// find the executable in jit(f)'s cache and only run it. Like :jaxpr, it
// needs f's control flow and indices to be known from the types alone: an
// if on a traced value becomes a cond, and a traced index is a
// concretization error. As in JAX, what f reads from global variables is
// read when it is staged: rebinding a global later does not recompile.
//
// Under a transformation (grad(jit(f)), vmap(jit(f)), :jaxpr) the
// arguments are traced values, so the cached jaxpr is replayed through the
// transformation's interpreter instead of run: the transformation sees
// the staged equations. jit(grad(f)) stages the gradient and compiles it.
func Jit(f *Function) *Function {
	g := &Function{name: "jit(" + f.name + ")", params: f.params,
		variadic: f.variadic, minArgs: f.minArgs, maxArgs: f.maxArgs}
	c := &jitCache{entries: map[string]*jitEntry{}}
	g.call = func(ctx *interp.Ctx, args []Value) Value { return c.call(ctx, f, args) }
	g.jit = c
	return g
}

// jitCache is the compile cache of one jit(f), keyed by the types and
// static values of the arguments.
type jitCache struct {
	mu       sync.Mutex
	entries  map[string]*jitEntry
	stages   int // how many times f was staged, for tests
	compiles int
}

type jitEntry struct {
	j       *jaxpr.Jaxpr
	exe     *jit.Executable // nil when the program could not be compiled
	outTree tree
}

// JitTotals are the compile work done by every jit so far: how many
// programs were staged and compiled and how long that took. The REPL's
// :time subtracts two readings to report the compile time of a line.
type JitTotals struct {
	Compiles    int64
	CompileTime time.Duration
}

var jitTotals struct {
	compiles, nanos atomic.Int64
}

// JitStats returns the totals so far.
func JitStats() JitTotals {
	return JitTotals{Compiles: jitTotals.compiles.Load(), CompileTime: time.Duration(jitTotals.nanos.Load())}
}

// call runs jit(f) on args: from the cache, or staging and compiling first.
func (c *jitCache) call(ctx *interp.Ctx, f *Function, args []Value) Value {
	f.checkArity(len(args))
	leaves, in := flatten(Tuple(args), nil)
	types := make([]jaxpr.Type, len(leaves))
	for i, l := range leaves {
		types[i] = l.Type().Strong()
	}
	key := cacheKey(in, types)
	c.mu.Lock()
	e := c.entries[key]
	c.mu.Unlock()
	if e == nil {
		e = c.compile(ctx, f, in, types, key)
	}
	arrays := make([]*interp.Array, len(leaves))
	concrete := e.exe != nil
	for i, l := range leaves {
		a, ok := l.(*interp.Array)
		concrete = concrete && ok
		arrays[i] = a
	}
	var outs []interp.Value
	if concrete {
		res, err := e.exe.Run(ctx, arrays)
		must(err)
		outs = make([]interp.Value, len(res))
		for i, r := range res {
			outs[i] = r
		}
	} else {
		var err error
		outs, err = interp.EvalJaxpr(ctx, e.j, leaves...)
		must(err)
	}
	i := 0
	return e.outTree.unflatten(outs, &i)
}

// compile stages f for types and compiles the jaxpr, caching the result
// unless the jaxpr captured a traced value of an enclosing transformation
// (valid for this call only).
func (c *jitCache) compile(ctx *interp.Ctx, f *Function, in tree, types []jaxpr.Type, key string) *jitEntry {
	e := &jitEntry{}
	start := time.Now()
	j, err := interp.Stage(ctx, flatFunc(f, in, "jit of "+f.name, &e.outTree), types)
	must(err)
	e.j = j
	cacheable := true
	for _, k := range j.Consts {
		if _, ok := k.(*interp.Array); !ok {
			cacheable = false
		}
	}
	if cacheable {
		if exe, err := jit.Compile(j, jit.Options{Fallback: interp.EvalEqn}); err == nil {
			e.exe = exe
		}
	}
	jitTotals.compiles.Add(1)
	jitTotals.nanos.Add(int64(time.Since(start)))
	c.mu.Lock()
	c.stages++
	if e.exe != nil {
		c.compiles++
	}
	if cacheable {
		c.entries[key] = e
	}
	c.mu.Unlock()
	return e
}

// cacheKey spells the structure of the arguments, the types of their
// leaves and the identity of their static values (functions).
func cacheKey(t tree, types []jaxpr.Type) string {
	var b strings.Builder
	i := 0
	var walk func(t tree)
	walk = func(t tree) {
		switch t.kind {
		case leafTree:
			b.WriteString(types[i].String())
			i++
		case tupleTree:
			b.WriteByte('(')
			for _, c := range t.children {
				walk(c)
				b.WriteByte(',')
			}
			b.WriteByte(')')
		default:
			fmt.Fprintf(&b, "%T:%p", t.static, t.static)
		}
	}
	walk(t)
	return b.String()
}

// Compile compiles a staged jaxpr as jit does, for :jaxpr -opt, which
// prints the optimized program with its fusion groups.
func Compile(j *jaxpr.Jaxpr) (*jit.Executable, error) {
	return jit.Compile(j, jit.Options{Fallback: interp.EvalEqn})
}

func jitFn(_ *interp.Ctx, args []Value) Value {
	f, ok := args[0].(*Function)
	if !ok {
		raise(jaxpr.TypeError, "jit needs a function, got %s", TypeString(args[0]))
	}
	return Jit(f)
}
