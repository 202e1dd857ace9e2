"""backend_test: one test, instantiated once per backend, in the manner of gVisor's syscall_test."""

load("@rules_cc//cc:defs.bzl", "cc_test")

# What each backend needs at run time, and how it is tagged: the Windows agent runs under Wine (a
# fresh prefix in the test's own HOME costs about 10 s), so its targets are medium and tagged
# `winsock`; `--test_tag_filters=-winsock` leaves them out.
_BACKENDS = {
    "model": struct(data = [], tags = [], size = "small"),
    "model_agent": struct(data = ["//conformance/agent:model_agent"], tags = [], size = "small"),
    "winsock": struct(data = ["//conformance/agent/winsock:agent_exe"], tags = ["winsock"], size = "medium"),
}

ALL_BACKENDS = ["model", "model_agent", "winsock"]

def backend_test(name, srcs, deps = [], data = [], backends = ALL_BACKENDS, **kwargs):
    """Defines <name>_<backend> for each backend, each run with --backend=<backend>, and a
    test_suite <name> holding them all.

    Args:
      name: the suite's name; each target is name + "_" + backend.
      srcs: the test's sources; conformance/testing/test_backend.h tells them the backend.
      deps: the test's dependencies (the backend_test main is added).
      data: run-time data every instantiation needs; each backend adds its own.
      backends: which of ALL_BACKENDS to instantiate.
      **kwargs: passed to every cc_test.
    """
    tests = []
    for backend in backends:
        kind = _BACKENDS[backend]
        cc_test(
            name = name + "_" + backend,
            srcs = srcs,
            args = ["--backend=" + backend],
            data = data + kind.data,
            size = kind.size,
            tags = kind.tags,
            deps = deps + ["//conformance/testing:backend_test_main"],
            **kwargs
        )
        tests.append(":" + name + "_" + backend)
    native.test_suite(name = name, tests = tests)
