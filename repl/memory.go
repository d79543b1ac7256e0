package repl

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"ad/interp/array"
	"ad/jaxpr"
)

// DefaultMemoryFraction is the share of the machine's memory (physical
// memory, or the cgroup's limit if lower) that the default memory budget
// allows.
const DefaultMemoryFraction = 0.5

// DefaultMemoryBudget returns the default memory budget in bytes: a
// fraction of the memory the machine (or the container) has, or 0 (no
// budget) when that is unknown.
func DefaultMemoryBudget() int64 {
	total := physicalMemory()
	if total <= 0 {
		return 0
	}
	return int64(float64(total) * DefaultMemoryFraction)
}

// physicalMemory returns the bytes of memory available to the process:
// the physical memory, or the cgroup v2 limit when it is lower.
func physicalMemory() int64 {
	var info unix.Sysinfo_t
	var total int64
	if err := unix.Sysinfo(&info); err == nil {
		total = int64(info.Totalram) * int64(info.Unit)
	}
	if data, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if limit, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && limit > 0 && (total == 0 || limit < total) {
			total = limit
		}
	}
	return total
}

// ParseMemorySize reads a memory budget as --memory and :set memory take
// it: a number of bytes with an optional unit (512MiB, 2GB, 1.5G; K, M, G,
// T are powers of 1024, as are KiB, MiB, GiB, TiB; KB, MB, GB, TB powers of
// 1000), a percentage of the machine's memory (25%), or 0 or "none" for
// no budget.
func ParseMemorySize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if t == "none" || t == "0" {
		return 0, nil
	}
	if p, ok := strings.CutSuffix(t, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		total := physicalMemory()
		if err != nil || f <= 0 || f > 100 || total <= 0 {
			return 0, fmt.Errorf("%q: a percentage must be between 0 and 100 (of a known memory size)", s)
		}
		return int64(f / 100 * float64(total)), nil
	}
	units := []struct {
		suffix string
		scale  float64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40}, {"B", 1},
	}
	scale := 1.0
	for _, u := range units {
		if num, ok := strings.CutSuffix(t, u.suffix); ok {
			t, scale = strings.TrimSpace(num), u.scale
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || math.IsInf(f*scale, 0) || f*scale >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is not a memory size such as 512MiB, 2GB, 25%% or none", s)
	}
	return int64(f * scale), nil
}

// SetMemoryBudget sets the memory budget of the process (array.
// SetMemoryBudget) from text such as "2GiB" or "25%".
func SetMemoryBudget(s string) error {
	n, err := ParseMemorySize(s)
	if err != nil {
		return err
	}
	array.SetMemoryBudget(n)
	return nil
}

// memoryBudgetText describes the current budget for :set.
func memoryBudgetText() string {
	b := array.MemoryBudget()
	if b == 0 {
		return "none"
	}
	return array.FormatBytes(b)
}

// setMemory is the :set memory setting.
func setMemory(arg string) error {
	if err := SetMemoryBudget(arg); err != nil {
		return jaxpr.Errorf(jaxpr.ValueError, ":set memory: %v", err)
	}
	return nil
}
