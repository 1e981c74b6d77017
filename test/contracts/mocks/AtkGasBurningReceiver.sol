// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A receiver that, depending on its mode, accepts ETH (0), burns every unit of gas it is
/// given (1) or reverts (2). Acts through `exec`.
contract AtkGasBurningReceiver {
    uint8 public mode;
    address private immutable _owner;

    error AtkRefused();

    constructor() {
        _owner = msg.sender;
    }

    function setMode(uint8 mode_) external {
        mode = mode_;
    }

    function exec(address to, uint256 value, bytes calldata data) external payable returns (bytes memory ret) {
        require(msg.sender == _owner, "owner");
        bool ok;
        (ok, ret) = to.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {
        uint8 m = mode;
        if (m == 1) {
            // Burn all gas forwarded to us.
            assembly ("memory-safe") {
                for {} 1 {} {}
            }
        }
        if (m == 2) revert AtkRefused();
    }
}
