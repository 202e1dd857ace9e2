// What the harness checks of a layered provider, one function per duty, each over one chain
// configuration. They report through GoogleTest (EXPECT_*, GoogleMock expectations), every failure
// under a trace that names the rule it breaks (spec/rules.md), so a report says which rule a layer
// broke and where. layer_conformance.h runs them all over every configuration.
#ifndef WSDUP_CONFORMANCE_SPI_LAYER_CHECKS_H_
#define WSDUP_CONFORMANCE_SPI_LAYER_CHECKS_H_

#include <ostream>

#include "conformance/spi/chain_config.h"
#include "sim/spi/ws2_dispatch.h"

namespace wsdup::sim::spi {
// How GoogleTest and GoogleMock print a structure in a failure.
void PrintTo(const ProtocolInfo& info, std::ostream* out);
}  // namespace wsdup::sim::spi

namespace wsdup::conformance::spi {

using sim::spi::LayerFactory;

// SPI-6, SPI-7: WSPDuplicateSocket passes the next layer the structure it was given, unmodified,
// and the base the base's own entry.
void CheckDuplicatePassesDown(const ChainConfig& config, const LayerFactory& layer);
// SPI-8: the same for WSPStartup, WSPSocket, WSPAddressToString and WSPStringToAddress.
void CheckOtherCallsPassDown(const ChainConfig& config, const LayerFactory& layer);
// SPI-3: the structure a duplication returns brings the target's WSASocket back through the
// layer; SPI-4: with the provider_reserved the provider below put there.
void CheckTheDuplicateComesBackThroughTheLayer(const ChainConfig& config, const LayerFactory& layer);
// SPI-3, SPI-5, SPI-9 end to end: duplication works, the import is the same socket, single use,
// the socket lives until the last close.
void CheckSharingThroughTheChain(const ChainConfig& config, const LayerFactory& layer);
// SPI-5: a non-IFS layer's descriptors are made by ws2_32 (WPUCreateSocketHandle), with the lower
// descriptor as the layer's context; SPI-12: an IFS layer registers the lower handle as its own
// (WPUModifyIFSHandle); in the source and in the target.
void CheckDescriptorsComeFromTheUpcall(const ChainConfig& config, const LayerFactory& layer);
// SPI-1: a failure of the layer's own upcall comes up in *lpErrno, and leaves nothing open below.
void CheckOwnFailuresComeUpThroughErrno(const ChainConfig& config, const LayerFactory& layer);
// SPI-1, SPI-2: each code of the provider's table from below comes up unchanged in *error, never
// through the last error, in WSPDuplicateSocket, WSPSocket, WSPCloseSocket and the address calls.
void CheckErrorsComeUpThroughErrno(const ChainConfig& config, const LayerFactory& layer);
// SPI-1, SPI-8: a WSPStartup failure below comes up unchanged in *lpErrno.
void CheckStartupErrorsComeUpThroughErrno(const ChainConfig& config, const LayerFactory& layer);

}  // namespace wsdup::conformance::spi

#endif  // WSDUP_CONFORMANCE_SPI_LAYER_CHECKS_H_
