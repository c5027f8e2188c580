/* SPDX-License-Identifier: MIT */
#include <stdio.h>
int main(void) { puts("memhp"); return 0; }
