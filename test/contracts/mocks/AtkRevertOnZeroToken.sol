// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Reverts on any zero-value transfer (like LEND and some others).
contract AtkRevertOnZeroToken is ERC20 {
    error AtkZeroTransfer();

    constructor() ERC20("Zero Reverting USD", "ZUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (value == 0 && from != address(0) && to != address(0)) revert AtkZeroTransfer();
        super._update(from, to, value);
    }
}
