package lang

import (
	"math"
	"strconv"

	"ad/interp"
)

// FormatUncertain formats a float scalar known only to within bound of
// its printed value, as computed by the double-double Taylor mode when
// cancellation ate some of its digits: the shortest number within bound
// of v (so that no wrong digit is printed, and an exact zero that
// cancellation left as noise prints as 0.0), and the bound as a comment
// with two digits, such as `-32768.0` and `# ± 2.1e-11`. A bound of 0
// means every digit is right, and the value is formatted as Format does
// with no comment.
func FormatUncertain(v Value, bound float64) (value, comment string) {
	a, ok := v.(*interp.Array)
	if bound == 0 || !ok || a.Type().Rank() != 0 || !a.Type().DType.IsFloat() {
		return Format(v), ""
	}
	return Format(interp.Scalar(shortestWithin(a.Float(0), bound))), "# ± " + strconv.FormatFloat(bound, 'g', 2, 64)
}

// shortestWithin returns the number with the fewest significant decimal
// digits within bound of x (x itself if none is shorter).
func shortestWithin(x, bound float64) float64 {
	if math.Abs(x) <= bound || math.IsNaN(x) || math.IsInf(x, 0) {
		if math.Abs(x) <= bound {
			return 0
		}
		return x
	}
	for digits := 1; digits < 17; digits++ {
		y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'e', digits-1, 64), 64)
		if err == nil && math.Abs(y-x) <= bound {
			return y
		}
	}
	return x
}
