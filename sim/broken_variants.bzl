"""The deliberately broken models (sim/broken_variants.md): variant name -> the define that builds it.

One list for every target built against them: the property tests in sim/ and the broken agents in
conformance/agent/.
"""

BROKEN_VARIANTS = {
    "close_on_first_close": "WSDUP_BROKEN_CLOSE_ON_FIRST_CLOSE",
    "blob_imports_twice": "WSDUP_BROKEN_BLOB_IMPORTS_TWICE",
    "registration_per_descriptor": "WSDUP_BROKEN_REGISTRATION_PER_DESCRIPTOR",
}
