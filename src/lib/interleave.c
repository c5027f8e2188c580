/* SPDX-License-Identifier: MIT */
/*
 * lib/interleave.c — CXL interleave arithmetic (see interleave.h). The x3 multiples decode
 * like the powers of 2 once written as plain division: the chunk index of a host offset is
 * dpa_chunk * ways + position, whatever the ways.
 */
#include "interleave.h"

#include <errno.h>

static bool is_power_of_2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static unsigned int ilog2(uint64_t v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

int ways_to_eiw(unsigned int ways, uint8_t *eiw)
{
	if (!ways || ways > CXL_DECODER_MAX_INTERLEAVE)
		return -EINVAL;
	if (is_power_of_2(ways)) {
		*eiw = (uint8_t)ilog2(ways);
		return 0;
	}
	if (ways % 3 || !is_power_of_2(ways / 3))
		return -EINVAL;
	*eiw = (uint8_t)(ilog2(ways / 3) + 8);
	return 0;
}

int eiw_to_ways(uint8_t eiw, unsigned int *ways)
{
	if (eiw <= 4)
		*ways = 1U << eiw;
	else if (eiw >= 8 && eiw <= 10)
		*ways = 3U << (eiw - 8);
	else
		return -EINVAL;
	return 0;
}

int granularity_to_eig(unsigned int granularity, uint16_t *eig)
{
	if (!is_power_of_2(granularity) || granularity < CXL_DECODER_MIN_GRANULARITY ||
	    granularity > CXL_DECODER_MAX_GRANULARITY)
		return -EINVAL;
	*eig = (uint16_t)(ilog2(granularity) - 8);
	return 0;
}

int eig_to_granularity(uint16_t eig, unsigned int *granularity)
{
	if (eig > 6)
		return -EINVAL;
	*granularity = 256U << eig;
	return 0;
}

bool cxl_interleave_valid(unsigned int ways, unsigned int granularity)
{
	uint8_t eiw;
	uint16_t eig;

	return !ways_to_eiw(ways, &eiw) && !granularity_to_eig(granularity, &eig);
}

unsigned int cxl_calc_position(uint64_t hpa_offset, unsigned int ways, unsigned int granularity)
{
	return (unsigned int)((hpa_offset / granularity) % ways);
}

uint64_t cxl_calc_dpa_offset(uint64_t hpa_offset, unsigned int ways, unsigned int granularity)
{
	return hpa_offset / granularity / ways * granularity + hpa_offset % granularity;
}

uint64_t cxl_calc_hpa_offset(uint64_t dpa_offset, unsigned int pos, unsigned int ways,
			     unsigned int granularity)
{
	uint64_t chunk = dpa_offset / granularity * ways + pos;

	return chunk * granularity + dpa_offset % granularity;
}

uint64_t cxl_xor_apply(const uint64_t *maps, int nr, uint64_t hpa)
{
	for (int i = 0; i < nr; i++) {
		if (!maps[i])
			continue;
		unsigned int bit = (unsigned int)__builtin_ctzll(maps[i]);
		uint64_t parity = (uint64_t)__builtin_parityll(hpa & maps[i]);

		hpa = (hpa & ~(1ULL << bit)) | (parity << bit);
	}
	return hpa;
}

int cxl_xor_nr_maps(unsigned int ways)
{
	if (!ways)
		return 0;
	return (int)ilog2(is_power_of_2(ways) ? ways : ways / 3);
}

bool cxl_xormaps_valid(const uint64_t *maps, int nr, unsigned int ways, unsigned int granularity,
		       const char **why)
{
	unsigned int lo = ilog2(granularity);

	if (nr != cxl_xor_nr_maps(ways)) {
		*why = "the number of maps is not log2 of the power-of-2 part of the ways";
		return false;
	}
	for (int i = 0; i < nr; i++) {
		if (!maps[i] || (unsigned int)__builtin_ctzll(maps[i]) != lo + (unsigned int)i) {
			*why = "map i must have bit log2(granularity) + i as its lowest set bit";
			return false;
		}
		for (int j = 0; j < nr; j++)
			if (j != i && (maps[j] & (1ULL << (lo + (unsigned int)i)))) {
				*why = "a map's lowest set bit is also set in another map";
				return false;
			}
		/* the rest of the position field of any set below (up to 16 ways) stays out */
		if (maps[i] & ((1ULL << (lo + 4)) - 1) & ~(1ULL << (lo + (unsigned int)i))) {
			*why = "a map selects another interleave position bit (below log2(granularity) + 4)";
			return false;
		}
	}
	return true;
}
