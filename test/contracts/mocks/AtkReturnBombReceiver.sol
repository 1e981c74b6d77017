// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A receiver that reverts with a 100 KB return payload (a "return bomb") while armed, to
/// make a payer that copies return data pay for it. Acts through `exec`.
contract AtkReturnBombReceiver {
    bool public armed = true;
    address private immutable _owner;

    constructor() {
        _owner = msg.sender;
    }

    function setArmed(bool armed_) external {
        armed = armed_;
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
        if (armed) {
            assembly ("memory-safe") {
                revert(0, 100000)
            }
        }
    }
}
