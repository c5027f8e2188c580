/* SPDX-License-Identifier: MIT */
/*
 * tests/lib/test_interleave.c — CXL interleave arithmetic, checked exhaustively on small
 * interleave sets against references written here without the library's formulas: a
 * round-robin simulation that deals chunks to devices one by one (modulo), and the CXL
 * spec's XORALLBITS way selection computed bit by bit (XOR).
 */
#include <errno.h>
#include <stdlib.h>
#include "../helpers.h"
#include "lib/interleave.h"

static const unsigned int all_ways[] = { 1, 2, 4, 8, 16, 3, 6, 12 };
static const unsigned int all_gran[] = { 256, 512, 1024, 2048, 4096, 8192, 16384 };
#define NR(a) (sizeof(a) / sizeof((a)[0]))

struct chunk_ref {
	unsigned int dev;
	uint64_t dpa;			/* device offset of the chunk's first byte */
};

/* Deal @nr_chunks chunks of @gran bytes to @ways devices in turn, as a dealer deals cards. */
static struct chunk_ref *deal(unsigned int ways, unsigned int gran, uint64_t nr_chunks)
{
	struct chunk_ref *t = calloc(nr_chunks, sizeof(*t));
	uint64_t cursor[16] = { 0 };
	unsigned int next = 0;

	for (uint64_t c = 0; c < nr_chunks; c++) {
		t[c].dev = next;
		t[c].dpa = cursor[next];
		cursor[next] += gran;
		if (++next == ways)
			next = 0;
	}
	return t;
}

/*  | ways 1 2 4 8 16 3 6 12 | granularity 256 .. 16K |
 *  Expect every valid pair to encode and decode back, and every other count to be -EINVAL. */
static void encodings_take_exactly_the_spec_values(void **state)
{
	unsigned int v;
	uint8_t eiw;
	uint16_t eig;

	(void)state;
	for (unsigned int ways = 0; ways <= 32; ways++) {
		bool valid = false;

		for (size_t i = 0; i < NR(all_ways); i++)
			valid |= all_ways[i] == ways;
		assert_int_equal(ways_to_eiw(ways, &eiw), valid ? 0 : -EINVAL);
		if (valid) {
			assert_int_equal(eiw_to_ways(eiw, &v), 0);
			assert_int_equal(v, ways);
		}
	}
	for (uint8_t e = 0; e < 16; e++)
		assert_int_equal(eiw_to_ways(e, &v), (e <= 4 || (e >= 8 && e <= 10)) ? 0 : -EINVAL);
	for (unsigned int g = 1; g <= 65536; g++) {
		bool valid = g >= 256 && g <= 16384 && !(g & (g - 1));

		assert_int_equal(granularity_to_eig(g, &eig), valid ? 0 : -EINVAL);
		if (valid) {
			assert_int_equal(eig_to_granularity(eig, &v), 0);
			assert_int_equal(v, g);
		}
	}
	assert_int_equal(eig_to_granularity(7, &v), -EINVAL);
}

/*  | chunk 0 -> dev 0 | chunk 1 -> dev 1 | ... | chunk ways -> dev 0 (dpa + gran) | ...
 *  Expect, for every byte of a set 4 chunks deep on every device, for all 56 (ways,
 *  granularity) pairs: the library's position and DPA equal the dealt ones, and the
 *  reverse maps each device byte back to the same host offset. */
static void modulo_decode_matches_round_robin_for_every_byte(void **state)
{
	(void)state;
	for (size_t wi = 0; wi < NR(all_ways); wi++)
		for (size_t gi = 0; gi < NR(all_gran); gi++) {
			unsigned int ways = all_ways[wi], gran = all_gran[gi];
			uint64_t nr_chunks = (uint64_t)ways * 4;
			struct chunk_ref *ref = deal(ways, gran, nr_chunks);

			for (uint64_t off = 0; off < nr_chunks * gran; off++) {
				const struct chunk_ref *r = &ref[off / gran];
				unsigned int pos = cxl_calc_position(off, ways, gran);
				uint64_t dpa = cxl_calc_dpa_offset(off, ways, gran);

				if (pos != r->dev || dpa != r->dpa + off % gran)
					fail_msg("ways %u gran %u off %#llx: got %u/%#llx want %u/%#llx", ways,
						 gran, (unsigned long long)off, pos, (unsigned long long)dpa,
						 r->dev, (unsigned long long)(r->dpa + off % gran));
				if (cxl_calc_hpa_offset(dpa, pos, ways, gran) != off)
					fail_msg("ways %u gran %u: dpa %#llx on %u does not map back to %#llx",
						 ways, gran, (unsigned long long)dpa, pos, (unsigned long long)off);
			}
			free(ref);
		}
}

static unsigned int ilog2u(uint64_t v)
{
	unsigned int n = 0;

	while (v >>= 1)
		n++;
	return n;
}

static unsigned int parity_of(uint64_t v)
{
	unsigned int p = 0;

	for (; v; v >>= 1)
		p ^= (unsigned int)(v & 1);
	return p;
}

/* The spec's way selection: bit i of the power-of-2 part is XORALLBITS(hpa & map[i]). */
static uint64_t spec_xor_address(const uint64_t *maps, unsigned int k, unsigned int lo, uint64_t hpa)
{
	for (unsigned int i = 0; i < k; i++) {
		uint64_t bit = 1ULL << (lo + i);

		hpa = parity_of(hpa & maps[i]) ? hpa | bit : hpa & ~bit;
	}
	return hpa;
}

/*  XOR windows of 2..16 and 6, 12 ways: position bits lo..lo+k replaced by parities.
 *  Expect, at every chunk's first and last byte of a 64-chunk-deep set: the library's
 *  XOR step equals the spec's bit-by-bit one, the device and DPA equal the dealt table at
 *  the XORed chunk, the step is its own inverse, and the reverse lands on the same HPA. */
static void xor_decode_matches_spec_parity_for_every_chunk(void **state)
{
	(void)state;
	for (size_t wi = 0; wi < NR(all_ways); wi++)
		for (size_t gi = 0; gi < NR(all_gran); gi++) {
			unsigned int ways = all_ways[wi], gran = all_gran[gi], lo = ilog2u(gran);
			int k = cxl_xor_nr_maps(ways);
			uint64_t maps[CXL_MAX_XORMAPS], nr_chunks = (uint64_t)ways * 64;
			const char *why;

			if (!k)
				continue;
			for (int i = 0; i < k; i++)
				maps[i] = (1ULL << (lo + i)) | (1ULL << (lo + 4 + i)) | (1ULL << (lo + 6));
			assert_true(cxl_xormaps_valid(maps, k, ways, gran, &why));
			struct chunk_ref *ref = deal(ways, gran, nr_chunks);

			for (uint64_t c = 0; c < nr_chunks; c++)
				for (uint64_t in = 0; in < gran; in += gran - 1) {
					uint64_t hpa = c * gran + in;
					uint64_t h = cxl_xor_apply(maps, k, hpa);
					const struct chunk_ref *r;

					assert_int_equal(h, spec_xor_address(maps, (unsigned int)k, lo, hpa));
					assert_int_equal(cxl_xor_apply(maps, k, h), hpa);
					r = &ref[h / gran];
					assert_int_equal(cxl_calc_position(h, ways, gran), r->dev);
					assert_int_equal(cxl_calc_dpa_offset(h, ways, gran), r->dpa + in);
					assert_int_equal(cxl_xor_apply(maps, k, cxl_calc_hpa_offset(r->dpa + in, r->dev,
												     ways, gran)), hpa);
				}
			free(ref);
		}
}

/*  Expect maps that would not be a bijection to be refused with the rule named. */
static void xor_maps_that_break_the_decode_are_refused(void **state)
{
	const char *why = NULL;
	uint64_t swapped[2] = { 0x200 | 0x10000, 0x100 | 0x20000 };
	uint64_t shared[2] = { 0x100 | 0x200, 0x200 | 0x40000 };
	uint64_t position_bit[1] = { 0x100 | 0x400 };
	uint64_t zero[1] = { 0 };
	uint64_t ok[2] = { 0x100 | 0x10000, 0x200 | 0x20000 };

	(void)state;
	assert_false(cxl_xormaps_valid(swapped, 2, 4, 256, &why));
	assert_non_null(strstr(why, "lowest set bit"));
	assert_false(cxl_xormaps_valid(shared, 2, 4, 256, &why));
	assert_non_null(strstr(why, "another"));
	assert_false(cxl_xormaps_valid(zero, 1, 2, 256, &why));
	assert_false(cxl_xormaps_valid(position_bit, 1, 2, 256, &why));
	assert_non_null(strstr(why, "another interleave position bit"));
	assert_false(cxl_xormaps_valid(ok, 1, 4, 256, &why));
	assert_true(cxl_xormaps_valid(ok, 2, 4, 256, &why));
	assert_true(cxl_xormaps_valid(ok, 1, 6, 256, &why));
	assert_int_equal(cxl_xor_nr_maps(12), 2);
	assert_int_equal(cxl_xor_nr_maps(3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodings_take_exactly_the_spec_values),
		cmocka_unit_test(modulo_decode_matches_round_robin_for_every_byte),
		cmocka_unit_test(xor_decode_matches_spec_parity_for_every_chunk),
		cmocka_unit_test(xor_maps_that_break_the_decode_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
