# Builds the C benchmarks with the compiler and flags of the patched
# openvpn (automake's $(COMPILE) and $(LIBS) of upstream's src/openvpn).
# Read after that directory's Makefile; 'make bench' runs:
#   make -C build/src/src/openvpn -f Makefile -f .../bench/programs.mk \
#        BENCH_SRC=<this directory> BENCH_OUT=<output directory> bench-programs
# OpenVPN's message and random functions come from upstream's unit test
# mocks (mock_msg.c is made for use outside cmocka with NO_CMOCKA).

BENCH_PF_SOURCES = $(srcdir)/pf.c $(srcdir)/pf_client.c $(srcdir)/list.c \
	$(srcdir)/buffer.c $(srcdir)/otime.c $(srcdir)/platform.c \
	$(srcdir)/win32-util.c
BENCH_MOCKS = $(top_srcdir)/tests/unit_tests/openvpn/mock_msg.c \
	$(top_srcdir)/tests/unit_tests/openvpn/mock_get_random.c
BENCH_DEPS = $(BENCH_SRC)/bench.h $(BENCH_MOCKS) $(BENCH_PF_SOURCES) \
	$(srcdir)/pf.h $(srcdir)/pf_client.h

BENCH_PROGRAMS = $(BENCH_OUT)/pf-decide $(BENCH_OUT)/pf-load \
	$(BENCH_OUT)/pf-reload $(BENCH_OUT)/pf-groups

bench-programs: $(BENCH_PROGRAMS)

$(BENCH_PROGRAMS): $(BENCH_OUT)/%: $(BENCH_SRC)/%.c $(BENCH_DEPS)
	$(COMPILE) -DNO_CMOCKA -I$(BENCH_SRC) -o $@ $< $(BENCH_MOCKS) \
	  $(BENCH_PF_SOURCES) $(LIBS)

.PHONY: bench-programs
