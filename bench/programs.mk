# Builds the C benchmarks with the compiler and flags of the patched
# openvpn (automake's $(COMPILE) and $(LIBS) of upstream's src/openvpn).
# Read after that directory's Makefile; 'make bench' runs:
#   make -C build/src/src/openvpn -f Makefile -f .../bench/programs.mk \
#        BENCH_SRC=<this directory> BENCH_OUT=<output directory> bench-programs

BENCH_PF_SOURCES = $(srcdir)/pf.c $(srcdir)/pf_client.c $(srcdir)/list.c \
	$(srcdir)/buffer.c $(srcdir)/platform.c $(srcdir)/win32-util.c
BENCH_DEPS = $(BENCH_SRC)/bench.h $(BENCH_SRC)/stubs.c $(BENCH_PF_SOURCES) \
	$(srcdir)/pf.h $(srcdir)/pf_client.h

bench-programs: $(BENCH_OUT)/pf-decide $(BENCH_OUT)/pf-load

$(BENCH_OUT)/pf-decide $(BENCH_OUT)/pf-load: $(BENCH_OUT)/%: $(BENCH_SRC)/%.c $(BENCH_DEPS)
	$(COMPILE) -I$(BENCH_SRC) -o $@ $< $(BENCH_SRC)/stubs.c $(BENCH_PF_SOURCES) $(LIBS)

.PHONY: bench-programs
