// Package random generates the same random numbers as JAX: keys and the
// threefry2x32 counter-based generator, with JAX's current default
// ("partitionable") derivation of keys and bits, and the samplers of
// jax.random (uniform, normal, bernoulli, randint, permutation) written the
// way jax/_src/random.py computes them, bit for bit. It works on plain Go
// slices and knows nothing of interpreters; the language wraps its results
// into arrays.
//
// ad's default dtypes are 64-bit, so it matches JAX with jax_enable_x64 set:
// a seed is a 64-bit integer, and randint draws 64-bit integers.
package random

import "math/bits"

// Key is a threefry2x32 key: two 32-bit words, as jax.random.key_data
// shows it.
type Key [2]uint32

// Seed returns the key of a 64-bit seed, as jax.random.key(seed) makes it:
// the seed's high and low 32 bits.
func Seed(seed int64) Key { return Key{uint32(uint64(seed) >> 32), uint32(seed)} }

// rotations are threefry2x32's rotation amounts, four per round group.
var rotations = [2][4]uint{{13, 15, 26, 6}, {17, 29, 16, 24}}

// Threefry2x32 is the threefry2x32 block cipher with 20 rounds (Salmon et
// al., "Parallel random numbers: as easy as 1, 2, 3"), as JAX computes it:
// the counter pair (x0, x1) encrypted under key k.
func Threefry2x32(k Key, x0, x1 uint32) (uint32, uint32) {
	ks := [3]uint32{k[0], k[1], k[0] ^ k[1] ^ 0x1BD11BDA}
	x0 += ks[0]
	x1 += ks[1]
	for i := range 5 {
		for _, r := range rotations[i%2] {
			x0 += x1
			x1 = bits.RotateLeft32(x1, int(r))
			x1 ^= x0
		}
		x0 += ks[(i+1)%3]
		x1 += ks[(i+2)%3] + uint32(i+1)
	}
	return x0, x1
}

// block encrypts counter i under k: the counter is element i of JAX's
// iota_2x32_shape, a 64-bit position split into its high and low words.
func block(k Key, i int) (uint32, uint32) {
	return Threefry2x32(k, uint32(uint64(i)>>32), uint32(i))
}

// Split returns n new keys derived from k, as jax.random.split(k, n) does
// by default: key i is the encryption of the counter i.
func Split(k Key, n int) []Key {
	out := make([]Key, n)
	for i := range out {
		out[i][0], out[i][1] = block(k, i)
	}
	return out
}

// FoldIn returns the key jax.random.fold_in(k, data) gives: k's
// encryption of the key of the seed data (taken as a 32-bit word).
func FoldIn(k Key, data uint32) Key {
	a, b := Threefry2x32(k, 0, data)
	return Key{a, b}
}

// Bits32 returns n random 32-bit words, as jax.random.bits(k, (n,),
// uint32) does: word i is the xor of the two halves of counter i's
// encryption. An array of any shape takes the words in row-major order.
func Bits32(k Key, n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		a, b := block(k, i)
		out[i] = a ^ b
	}
	return out
}

// Bits64 returns n random 64-bit words, as jax.random.bits(k, (n,),
// uint64) does: the two halves of counter i's encryption, high first.
func Bits64(k Key, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		a, b := block(k, i)
		out[i] = uint64(a)<<32 | uint64(b)
	}
	return out
}
