// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice An attacker contract that acts as a requester, agent or juror (through `exec`) and,
/// when paid in ETH (receive) or through a token hook (`onTokenTransfer`), re-enters a target
/// with stored calldata. Modes: 0 accept quietly, 1 re-enter and swallow the result, 2 re-enter
/// and bubble a failure (so the payment itself fails), 3 refuse every payment.
/// @dev Slot 0 is packed and made non-zero by `arm`, so the bookkeeping writes fit in the
/// 50,000 gas that push payments forward.
contract AtkReentrantReceiver {
    address public target;
    uint8 public mode;
    uint8 public attempts;
    bool public reentryOk;
    bytes4 public reentryError;
    address public trigger;
    bytes public reentryData;
    address private immutable _owner;

    error AtkRefused();
    error AtkNotOwner();

    constructor() {
        _owner = msg.sender;
    }

    /// @notice Re-enter `target_` with `data` the first time `trigger_` pays this contract.
    function arm(address target_, bytes calldata data, uint8 mode_, address trigger_) external {
        target = target_;
        mode = mode_;
        attempts = 0;
        reentryOk = false;
        reentryError = bytes4(0);
        trigger = trigger_;
        reentryData = data;
    }

    function setMode(uint8 mode_) external {
        mode = mode_;
    }

    /// @notice Acts as this contract (owner only).
    function exec(address to, uint256 value, bytes calldata data) external payable returns (bytes memory ret) {
        if (msg.sender != _owner) revert AtkNotOwner();
        bool ok;
        (ok, ret) = to.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {
        _hook();
    }

    /// @notice ERC-777-style hook called by AtkCallbackToken on send and on receipt.
    function onTokenTransfer(address, address, uint256) external {
        _hook();
    }

    function _hook() private {
        uint8 m = mode;
        if (m == 3) revert AtkRefused();
        if (m == 0 || msg.sender != trigger || attempts != 0) return;
        attempts = 1;
        (bool ok, bytes memory ret) = target.call(reentryData);
        reentryOk = ok;
        if (!ok && ret.length >= 4) reentryError = bytes4(ret);
        if (m == 2 && !ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }
}
