// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice An ERC-20 that burns a fee (in basis points) on every transfer between two accounts, so
/// the receiver gets less than the amount named, and that can block chosen receivers (a transfer
/// to a blocked account reverts, as with a blacklisting stablecoin). Anyone can mint.
contract KVFeeToken is ERC20 {
    uint256 public feeBps;
    mapping(address account => bool) public blocked;

    error KVFeeTokenBlocked(address account);

    constructor(uint256 feeBps_) ERC20("Fee Token", "FEE") {
        feeBps = feeBps_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFeeBps(uint256 newFeeBps) external {
        feeBps = newFeeBps;
    }

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && blocked[to]) revert KVFeeTokenBlocked(to);
        if (from != address(0) && to != address(0) && feeBps != 0) {
            uint256 fee = (value * feeBps) / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
