// LD_PRELOAD shim for tests: the machine seems to have SMRT_FAKE_CORES
// logical cores (get_nprocs, sysconf(_SC_NPROCESSORS_*): what
// std::thread::hardware_concurrency reads),
// so a test can check that an output does not depend on the core count.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/sysinfo.h>
#include <unistd.h>

static int fake_cores(void) {
  const char* env = getenv("SMRT_FAKE_CORES");
  int n = env ? atoi(env) : 0;
  return n > 0 ? n : 0;
}

int get_nprocs(void) {
  int n = fake_cores();
  if (n) return n;
  int (*real)(void) = (int (*)(void))dlsym(RTLD_NEXT, "get_nprocs");
  return real ? real() : 1;
}

int get_nprocs_conf(void) {
  int n = fake_cores();
  if (n) return n;
  int (*real)(void) = (int (*)(void))dlsym(RTLD_NEXT, "get_nprocs_conf");
  return real ? real() : 1;
}

long sysconf(int name) {
  int n = fake_cores();
  if (n && (name == _SC_NPROCESSORS_ONLN || name == _SC_NPROCESSORS_CONF)) return n;
  long (*real)(int) = (long (*)(int))dlsym(RTLD_NEXT, "sysconf");
  return real ? real(name) : -1;
}
