//go:build goexperiment.simd && amd64 && !purego

#include "textflag.h"

// The AVX-512 loops of Sin, Cos and Tan (trig.go): every operation of the
// scalar code, in its order, on eight lanes (a fused multiply-subtract
// where the scalar code calls math.FMA(a, b, -c), which is the same
// value). Written in assembly because the compiler gives vector code only
// sixteen registers and spills; here the constants stay in Z16-Z31.
// Lanes with |x| >= trigMax or NaN are not stored; masks[i] gets the
// lanes of the i-th vector that were, and the caller recomputes the
// others.
//
// func sinAVX512(dst, x *float64, n int, masks *uint8)
// func cosAVX512(dst, x *float64, n int, masks *uint8)
// func tanAVX512(dst, x *float64, n int, masks *uint8)

// trigConsts (trig_amd64.go) in registers.
#define LOADCONSTS \
	VBROADCASTSD ·trigConsts+0(SB), Z16; \
	VBROADCASTSD ·trigConsts+8(SB), Z17; \
	VBROADCASTSD ·trigConsts+16(SB), Z18; \
	VBROADCASTSD ·trigConsts+24(SB), Z19; \
	VBROADCASTSD ·trigConsts+32(SB), Z20; \
	VBROADCASTSD ·trigConsts+40(SB), Z21; \
	VBROADCASTSD ·trigConsts+48(SB), Z22; \
	VBROADCASTSD ·trigConsts+56(SB), Z23; \
	VBROADCASTSD ·trigConsts+64(SB), Z24; \
	VBROADCASTSD ·trigConsts+72(SB), Z25; \
	VBROADCASTSD ·trigConsts+80(SB), Z26; \
	VBROADCASTSD ·trigConsts+88(SB), Z27; \
	VBROADCASTSD ·trigConsts+96(SB), Z28; \
	VBROADCASTSD ·trigConsts+104(SB), Z29; \
	VBROADCASTSD ·trigConsts+112(SB), Z30; \
	VBROADCASTSD ·trigConsts+120(SB), Z31

// Z16 invPio2, Z17 roundInt, Z18 -pio2A, Z19 -pio2B, Z20 pio2B,
// Z21 -pio2C, Z22 sinS1, Z23 sinS1Lo, Z24 -0.5, Z25 1, Z26 0.5,
// Z27 trigMax, Z28 trigTiny, Z29 abs mask, Z30 sign bit, Z31 cosC1;
// trigConsts+128 the integer 1, +136 the integer 2, +144.. sinP, +192..
// cosQ.

// reduceTrig: x in Z0; t in Z2, rh in Z7, rl in Z10.
#define REDUCE \
	VMOVAPD Z0, Z2; \
	VFMADD132PD Z16, Z17, Z2; \
	VSUBPD Z17, Z2, Z3; \
	VMOVAPD Z0, Z4; \
	VFMADD231PD Z18, Z3, Z4; \
	VMULPD Z19, Z3, Z5; \
	VMOVAPD Z5, Z6; \
	VFMADD231PD Z20, Z3, Z6; \
	VADDPD Z5, Z4, Z7; \
	VSUBPD Z7, Z4, Z9; \
	VADDPD Z5, Z9, Z9; \
	VSUBPD Z6, Z9, Z10; \
	VFMADD231PD Z21, Z3, Z10

// sinKernel: rh in Z7, rl in Z10; z in Z11, zl in Z12, s in Z9, lo in
// Z15, sh = s + lo in Z5.
#define SINK \
	VMULPD Z7, Z7, Z11; \
	VMOVAPD Z11, Z12; \
	VFMSUB231PD Z7, Z7, Z12; \
	VMULPD Z11, Z7, Z13; \
	VMOVAPD Z13, Z14; \
	VFMSUB231PD Z11, Z7, Z14; \
	VFMADD231PD Z12, Z7, Z14; \
	VMULPD Z22, Z13, Z15; \
	VMOVAPD Z15, Z8; \
	VFMSUB231PD Z22, Z13, Z8; \
	VFMADD231PD Z23, Z13, Z14; \
	VFMADD231PD Z22, Z14, Z8; \
	VADDPD Z15, Z7, Z9; \
	VSUBPD Z9, Z7, Z6; \
	VADDPD Z15, Z6, Z6; \
	VADDPD Z8, Z6, Z6; \
	VBROADCASTSD ·trigConsts+184(SB), Z14; \
	VFMADD213PD.BCST ·trigConsts+176(SB), Z11, Z14; \
	VFMADD213PD.BCST ·trigConsts+168(SB), Z11, Z14; \
	VFMADD213PD.BCST ·trigConsts+160(SB), Z11, Z14; \
	VFMADD213PD.BCST ·trigConsts+152(SB), Z11, Z14; \
	VFMADD213PD.BCST ·trigConsts+144(SB), Z11, Z14; \
	VMOVAPD Z11, Z15; \
	VFMADD132PD Z24, Z25, Z15; \
	VMULPD Z15, Z10, Z15; \
	VMULPD Z11, Z13, Z13; \
	VFMADD231PD Z14, Z13, Z15; \
	VADDPD Z6, Z15, Z15; \
	VADDPD Z15, Z9, Z5

// cosKernel: rh in Z7, rl in Z10, z in Z11, zl in Z12 (overwritten);
// w in Z14, lo in Z8, ch = w + lo in Z13.
#define COSK \
	VMULPD Z26, Z11, Z13; \
	VSUBPD Z13, Z25, Z14; \
	VSUBPD Z14, Z25, Z8; \
	VSUBPD Z13, Z8, Z8; \
	VBROADCASTSD ·trigConsts+232(SB), Z13; \
	VFMADD213PD.BCST ·trigConsts+224(SB), Z11, Z13; \
	VFMADD213PD.BCST ·trigConsts+216(SB), Z11, Z13; \
	VFMADD213PD.BCST ·trigConsts+208(SB), Z11, Z13; \
	VFMADD213PD.BCST ·trigConsts+200(SB), Z11, Z13; \
	VFMADD213PD.BCST ·trigConsts+192(SB), Z11, Z13; \
	VFMADD213PD Z31, Z11, Z13; \
	VFMADD231PD Z24, Z12, Z8; \
	VFNMADD231PD Z10, Z7, Z8; \
	VMULPD Z11, Z11, Z12; \
	VFMADD231PD Z13, Z12, Z8; \
	VADDPD Z8, Z14, Z13

// sinQuadrant: n in the low bits of Z2, sin r in Z5, cos r in Z13;
// result in Z5.
#define QUADRANT \
	VPTESTMQ.BCST ·trigConsts+128(SB), Z2, K2; \
	VMOVAPD Z13, K2, Z5; \
	VPTESTMQ.BCST ·trigConsts+136(SB), Z2, K3; \
	VPXORQ Z30, Z5, K3, Z5

// The loop around a body that leaves the result in Z5: Z1 = |x|, K1 the
// lanes to store.
#define LOOP(body) \
	MOVQ dst+0(FP), DI; \
	MOVQ x+8(FP), SI; \
	MOVQ n+16(FP), CX; \
	MOVQ masks+24(FP), R8; \
	LOADCONSTS; \
	XORQ AX, AX; \
	CMPQ AX, CX; \
	JGE done; \
loop: \
	VMOVUPD (SI)(AX*8), Z0; \
	VANDPD Z29, Z0, Z1; \
	VCMPPD $1, Z27, Z1, K1; \
	KMOVB K1, (R8); \
	body; \
	VMOVUPD Z5, K1, (DI)(AX*8); \
	ADDQ $8, AX; \
	INCQ R8; \
	CMPQ AX, CX; \
	JLT loop; \
done: \
	VZEROUPPER; \
	RET

// Sin: tiny arguments are their own sine.
#define SINBODY \
	REDUCE; \
	SINK; \
	COSK; \
	QUADRANT; \
	VCMPPD $1, Z28, Z1, K4; \
	VMOVAPD Z0, K4, Z5

TEXT ·sinAVX512(SB), NOSPLIT, $0-32
	LOOP(SINBODY)

// Cos: the quadrant moves by one.
#define COSBODY \
	REDUCE; \
	SINK; \
	COSK; \
	VPADDQ.BCST ·trigConsts+128(SB), Z2, Z2; \
	QUADRANT

TEXT ·cosAVX512(SB), NOSPLIT, $0-32
	LOOP(COSBODY)

// Tan: (a + al) / (b + bl) with a/b = sin r / cos r, or cos r / -sin r in
// odd quadrants.
#define TANBODY \
	REDUCE; \
	SINK; \
	COSK; \
	VSUBPD Z9, Z5, Z6; \
	VSUBPD Z6, Z15, Z6; \
	VSUBPD Z14, Z13, Z12; \
	VSUBPD Z12, Z8, Z12; \
	VPTESTMQ.BCST ·trigConsts+128(SB), Z2, K2; \
	VMOVAPD Z5, Z3; \
	VMOVAPD Z13, K2, Z3; \
	VMOVAPD Z6, Z4; \
	VMOVAPD Z12, K2, Z4; \
	VMOVAPD Z13, Z7; \
	VPXORQ Z30, Z5, K2, Z7; \
	VMOVAPD Z12, Z10; \
	VPXORQ Z30, Z6, K2, Z10; \
	VDIVPD Z7, Z25, Z11; \
	VMULPD Z11, Z3, Z12; \
	VMOVAPD Z3, Z13; \
	VFNMADD231PD Z7, Z12, Z13; \
	VMOVAPD Z4, Z14; \
	VFNMADD231PD Z10, Z12, Z14; \
	VADDPD Z14, Z13, Z13; \
	VFMADD213PD Z12, Z11, Z13; \
	VMOVAPD Z13, Z5; \
	VCMPPD $1, Z28, Z1, K4; \
	VMOVAPD Z0, K4, Z5

TEXT ·tanAVX512(SB), NOSPLIT, $0-32
	LOOP(TANBODY)
