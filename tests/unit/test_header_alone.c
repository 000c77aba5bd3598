/* SPDX-License-Identifier: MIT */
/* The public header must compile on its own, with nothing before it. */
#include "samlok.h"

int main(void)
{
    return SL_OK;
}
