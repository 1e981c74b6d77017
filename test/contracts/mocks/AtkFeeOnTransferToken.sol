// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Burns `feeBps` of every transfer (mints are free): the receiver gets less than sent.
contract AtkFeeOnTransferToken is ERC20 {
    uint256 public constant feeBps = 100; // 1%

    constructor() ERC20("Fee USD", "FUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function feeOf(uint256 amount) public pure returns (uint256) {
        return (amount * feeBps) / 10_000;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = feeOf(value);
            if (fee != 0) super._update(from, address(0), fee);
            super._update(from, to, value - fee);
        } else {
            super._update(from, to, value);
        }
    }
}
