"""wsdup_spi_check: gates a layered service provider with the SPI conformance suite (docs/spi.md)."""

load("@rules_cc//cc:defs.bzl", "cc_test")

def wsdup_spi_check(name, layer, **kwargs):
    """A test that runs every SPI check over every chain configuration against `layer`.

    Args:
      name: the test's name.
      layer: a cc_library that defines wsdup::conformance::spi::LayerUnderTest()
        (conformance/spi/layer_under_test.h).
      **kwargs: passed to cc_test (size, tags, ...).
    """
    cc_test(
        name = name,
        deps = [
            layer,
            "//conformance/spi:layer_suite",
            "@googletest//:gtest_main",
        ],
        **kwargs
    )
