// SPDX-License-Identifier: BSD-2-Clause
#include "check.h"
#include "loader/number.h"

#define CHECK_NUMBER(text, want)                                          \
	do {                                                              \
		uint32_t v_ = 0xdeadbeef;                                 \
		CHECK_EQ(number_parse_u32((text), &v_), 0);               \
		CHECK_EQ(v_, (want));                                     \
	} while (0)

#define CHECK_NOT_NUMBER(text)                                            \
	do {                                                              \
		uint32_t v_ = 0xdeadbeef;                                 \
		CHECK_EQ(number_parse_u32((text), &v_), -1);              \
		CHECK_EQ(v_, 0xdeadbeef);                                 \
	} while (0)

TEST(number_decimal_and_hex)
{
	CHECK_NUMBER("0", 0);
	CHECK_NUMBER("10", 10);
	CHECK_NUMBER("4294967295", 0xffffffff);
	CHECK_NUMBER("0x5e0", 0x5e0);
	CHECK_NUMBER("0XFFFFFFFF", 0xffffffff);
	CHECK_NUMBER("007", 7);
}

TEST(number_refuses_anything_else)
{
	CHECK_NOT_NUMBER("");
	CHECK_NOT_NUMBER("0x");
	CHECK_NOT_NUMBER("4294967296");
	CHECK_NOT_NUMBER("0x100000000");
	CHECK_NOT_NUMBER("12a");
	CHECK_NOT_NUMBER("0x12g");
	CHECK_NOT_NUMBER(" 1");
	CHECK_NOT_NUMBER("1 ");
	CHECK_NOT_NUMBER("-1");
	CHECK_NOT_NUMBER("+1");
}
