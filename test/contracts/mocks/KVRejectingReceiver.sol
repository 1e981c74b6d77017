// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A contract account that can act as an agent (it forwards calls) and whose `receive`
/// accepts ETH, rejects it, or needs more gas than a push payment forwards.
contract KVRejectingReceiver {
    enum Mode {
        Accept,
        Reject,
        NeedsGas
    }

    /// @dev Gas `receive` wants in `NeedsGas` mode: more than the vault's 50,000 push stipend.
    uint256 public constant GAS_NEEDED = 100_000;

    Mode public mode;

    error KVRejectingReceiverRejected();

    constructor(Mode initialMode) {
        mode = initialMode;
    }

    function setMode(Mode newMode) external {
        mode = newMode;
    }

    /// @notice Calls `target` as this account, bubbling any revert unchanged.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        if (mode == Mode.Reject) revert KVRejectingReceiverRejected();
        if (mode == Mode.NeedsGas && gasleft() < GAS_NEEDED) revert KVRejectingReceiverRejected();
    }
}
