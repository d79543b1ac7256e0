package lang

import (
	"math"

	"ad/interp"
)

// constants are the predefined names that are not functions (besides
// none, which stands for a left-out optional argument). inf and nan
// exist so that every float ad prints reads back as input (1.0 / 0.0
// prints inf); pi is there because people expect it. Each is a weakly
// typed f64 scalar, as a float literal is, so f32(1.0) * pi stays f32.
// Like the built-in functions they are ordinary globals: a user may
// rebind them.
var constants = []struct {
	name  string
	value float64
}{
	{"inf", math.Inf(1)},
	{"nan", math.NaN()},
	{"pi", math.Pi},
}

// defineConstants adds the constants to the globals of a new Env.
func (e *Env) defineConstants() {
	for _, c := range constants {
		e.globals[c.name] = &cell{name: c.name, value: interp.Scalar(c.value), defined: true}
	}
	e.globals["none"] = &cell{name: "none", value: noneValue{}, defined: true}
}
