/*
 *  openvpn-pf fuzzing: helpers shared by the fuzz targets.
 *
 *  Copyright (C) 2026 openvpn-pf developers
 *
 *  This program is free software; you can redistribute it and/or modify
 *  it under the terms of the GNU General Public License version 2
 *  as published by the Free Software Foundation.
 *
 *  This program is distributed in the hope that it will be useful,
 *  but WITHOUT ANY WARRANTY; without even the implied warranty of
 *  MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 *  GNU General Public License for more details.
 *
 *  You should have received a copy of the GNU General Public License along
 *  with this program; if not, write to the Free Software Foundation, Inc.,
 *  51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
 */

#ifndef FUZZ_PF_H
#define FUZZ_PF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** True if PF_FUZZ_VERBOSE is set: print OpenVPN's messages */
bool fuzz_is_verbose(void);

/** A property of the code under test does not hold: report and abort */
void fuzz_fail(const char *what, const uint8_t *data, size_t size)
#ifdef __GNUC__
__attribute__ ((noreturn))
#endif
;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* FUZZ_PF_H */
