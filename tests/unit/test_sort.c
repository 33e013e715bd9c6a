// SPDX-License-Identifier: BSD-2-Clause
/* loader/sort.c: the one sort. */
#include "check.h"
#include "loader/sort.h"

struct item {
	uint64_t key;
	uint32_t tag;   /* the original position: equal keys keep their order */
};

static uint64_t item_key(const void *p)
{
	return ((const struct item *)p)->key;
}

TEST(sort_orders_and_keeps_equal_keys_in_order)
{
	struct item a[] = {
		{ 5, 0 }, { 1, 1 }, { 5, 2 }, { 0, 3 }, { UINT64_MAX, 4 }, { 1, 5 }, { 3, 6 },
	};
	static const uint32_t want[] = { 3, 1, 5, 6, 0, 2, 4 };

	sort_by_key(a, 7, sizeof(a[0]), item_key);
	for (size_t i = 0; i < 7; i++)
		CHECK_EQ(a[i].tag, want[i]);
}

TEST(sort_trivial_inputs)
{
	struct item one = { 9, 1 };

	sort_by_key(NULL, 0, sizeof(one), item_key);
	sort_by_key(&one, 1, sizeof(one), item_key);
	CHECK_EQ(one.key, 9);
	CHECK_EQ(one.tag, 1);
}

/* Already sorted and reversed, as memory maps come. */
TEST(sort_sorted_and_reversed)
{
	struct item a[64];

	for (uint32_t i = 0; i < 64; i++)
		a[i] = (struct item){ 64 - i, i };
	sort_by_key(a, 64, sizeof(a[0]), item_key);
	for (uint32_t i = 0; i < 64; i++)
		CHECK_EQ(a[i].key, i + 1);
	sort_by_key(a, 64, sizeof(a[0]), item_key);
	for (uint32_t i = 0; i < 64; i++)
		CHECK_EQ(a[i].tag, 63 - i);
}
