/* SPDX-License-Identifier: MIT */
/*
 * lib/interleave.h — CXL interleave arithmetic: the encodings of ways and granularity
 * (eiw/eig, as HDM decoders and CFMWS store them), where a host physical address lands in
 * an interleave set (position and device physical address) and back, with modulo or XOR
 * arithmetic as Linux implements them (drivers/cxl/core/region.c, drivers/cxl/acpi.c).
 *
 * Ways: 1, 2, 4, 8, 16 (eiw 0..4) and 3, 6, 12 (eiw 8..10). Granularity: 256 B .. 16 KiB
 * (eig 0..6). Offsets are relative to the base of the interleave set, in bytes.
 *
 * Modulo: chunk = hpa_offset / granularity; position = chunk % ways;
 *         dpa_offset = (chunk / ways) * granularity + hpa_offset % granularity.
 * XOR (CXIMS): the host physical address is first passed through the XOR maps: for each
 * map, the lowest set bit of the map is replaced by the parity of (address & map). Linux
 * applies the same step in both directions, so it is its own inverse for well-formed maps,
 * which cxl_xormaps_valid() checks.
 */
#ifndef MEMHP_LIB_INTERLEAVE_H
#define MEMHP_LIB_INTERLEAVE_H

#include <stdbool.h>
#include <stdint.h>

#define CXL_DECODER_MIN_GRANULARITY	256U
#define CXL_DECODER_MAX_GRANULARITY	16384U
#define CXL_DECODER_MAX_INTERLEAVE	16U
#define CXL_MAX_XORMAPS			4

/* ways <-> encoded interleave ways. 0, or -EINVAL for a count the CXL spec does not allow. */
int ways_to_eiw(unsigned int ways, uint8_t *eiw);
int eiw_to_ways(uint8_t eiw, unsigned int *ways);
/* granularity (bytes) <-> encoded granularity. 0, or -EINVAL outside 256..16K powers of 2. */
int granularity_to_eig(unsigned int granularity, uint16_t *eig);
int eig_to_granularity(uint16_t eig, unsigned int *granularity);

/* Both valid: ways as above, granularity a power of 2 in 256..16K. */
bool cxl_interleave_valid(unsigned int ways, unsigned int granularity);

/* Position (0..ways-1) of the device that holds @hpa_offset. Modulo arithmetic. */
unsigned int cxl_calc_position(uint64_t hpa_offset, unsigned int ways, unsigned int granularity);
/* Offset inside the device of @hpa_offset. Modulo arithmetic. */
uint64_t cxl_calc_dpa_offset(uint64_t hpa_offset, unsigned int ways, unsigned int granularity);
/* The inverse: the set offset where the device at @pos keeps @dpa_offset. */
uint64_t cxl_calc_hpa_offset(uint64_t dpa_offset, unsigned int pos, unsigned int ways,
			     unsigned int granularity);

/* Apply XOR maps @maps[0..@nr) to a host physical address (not an offset). */
uint64_t cxl_xor_apply(const uint64_t *maps, int nr, uint64_t hpa);
/* Number of XOR maps a window of @ways needs: log2 of its power-of-2 factor. */
int cxl_xor_nr_maps(unsigned int ways);
/*
 * Maps usable for a window of @ways at @granularity: @nr == cxl_xor_nr_maps(@ways), map i
 * has bit log2(@granularity) + i as its lowest set bit (it selects position bit i, as the
 * CXL spec's XORALLBITS defines), that bit is set in no other map, and no map selects
 * another bit of the position field of a set below (bits under log2(@granularity) + 4):
 * then Linux's host bridge check (calc_hb) and its address translation agree. Returns
 * false with *@why naming the rule broken.
 */
bool cxl_xormaps_valid(const uint64_t *maps, int nr, unsigned int ways, unsigned int granularity,
		       const char **why);

#endif
