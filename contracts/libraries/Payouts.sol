// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title Payouts
/// @notice Push payments that can never block a settlement: a transfer that fails (a reverting
/// receiver, a blacklisting token, a receiver burning gas) is recorded as an IOU that its owner
/// withdraws later. The native asset is `address(0)`.
abstract contract Payouts {
    using SafeERC20 for IERC20;

    /// @dev Enough for a smart-wallet `receive` (Safe proxies use < 10k); a receiver that needs
    /// more is credited instead and can pull with all the gas it wants.
    uint256 private constant PUSH_GAS = 50_000;
    /// @dev Enough for any sane ERC-20 transfer (USDT-like tokens use ~60k cold); a token that
    /// needs more, or burns gas on purpose, cannot consume the gas of the settlement around it.
    uint256 private constant TOKEN_PUSH_GAS = 150_000;

    mapping(address account => mapping(address asset => uint256 amount)) private _owed;
    mapping(address asset => uint256 amount) private _totalOwed;

    /// @notice Emitted when a push failed and the amount was kept for `account` to withdraw.
    event PayoutDeferred(address indexed account, address indexed asset, uint256 amount);
    /// @notice Emitted when `account` withdrew what it was owed.
    event OwedWithdrawn(address indexed account, address indexed asset, uint256 amount);

    /// @notice Nothing is owed to the caller in this asset.
    error PayoutsNothingOwed(address account, address asset);
    /// @notice The withdrawal transfer itself failed.
    error PayoutsWithdrawFailed(address account, address asset, uint256 amount);

    /// @notice What `account` can withdraw in `asset` after failed pushes.
    function owed(address account, address asset) public view returns (uint256) {
        return _owed[account][asset];
    }

    /// @notice The sum of all IOUs in `asset`: part of what this contract must hold.
    function totalOwed(address asset) public view returns (uint256) {
        return _totalOwed[asset];
    }

    /// @notice Withdraws everything owed to the caller in `asset` (full gas, pull pattern).
    function withdrawOwed(address asset) external {
        uint256 amount = _owed[msg.sender][asset];
        if (amount == 0) revert PayoutsNothingOwed(msg.sender, asset);
        _owed[msg.sender][asset] = 0;
        _totalOwed[asset] -= amount;
        if (asset == address(0)) {
            (bool ok, ) = msg.sender.call{value: amount}("");
            if (!ok) revert PayoutsWithdrawFailed(msg.sender, asset, amount);
        } else {
            IERC20(asset).safeTransfer(msg.sender, amount);
        }
        emit OwedWithdrawn(msg.sender, asset, amount);
    }

    /// @dev `transfer` with capped gas, accepting tokens that return nothing (USDT) or true, and
    /// copying at most 32 bytes of return data.
    function _tryTokenTransfer(address token, address to, uint256 amount) private returns (bool ok) {
        bytes memory data = abi.encodeCall(IERC20.transfer, (to, amount));
        assembly ("memory-safe") {
            ok := call(TOKEN_PUSH_GAS, token, 0, add(data, 0x20), mload(data), 0, 0x20)
            // Success means: the call did not revert, and it returned either nothing from a
            // contract (USDT style) or a word that is exactly true.
            switch returndatasize()
            case 0 {
                ok := and(ok, gt(extcodesize(token), 0))
            }
            default {
                ok := and(ok, and(gt(returndatasize(), 31), eq(mload(0), 1)))
            }
        }
    }

    /// @dev Pays `amount` of `asset` to `to`, or records it as owed when the transfer fails.
    /// Zero amounts are skipped (some tokens revert on zero transfers).
    function _payOut(address asset, address to, uint256 amount) internal {
        if (amount == 0) return;
        bool ok;
        if (asset == address(0)) {
            // Assembly so that no return data is copied: a receiver cannot grief with a huge return.
            assembly ("memory-safe") {
                ok := call(PUSH_GAS, to, amount, 0, 0, 0, 0)
            }
        } else {
            ok = _tryTokenTransfer(asset, to, amount);
        }
        if (!ok) {
            _owed[to][asset] += amount;
            _totalOwed[asset] += amount;
            emit PayoutDeferred(to, asset, amount);
        }
    }
}
