// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A hostile token: once its creator flips a sender on, every transfer out of that sender
/// burns all the gas it is given (it never reverts cheaply, so try/catch cannot save the gas).
contract AtkGasBurningToken is ERC20 {
    mapping(address account => bool) public burnsFrom;

    constructor() ERC20("Gas Burning USD", "GBUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBurnsFrom(address account, bool on) external {
        burnsFrom[account] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && burnsFrom[from]) {
            assembly ("memory-safe") {
                for {} 1 {} {}
            }
        }
        super._update(from, to, value);
    }
}
