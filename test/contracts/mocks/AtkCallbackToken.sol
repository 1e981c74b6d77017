// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface IAtkTokenHook {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @notice ERC-777-like: an account that registers a hook is called before it sends (like
/// tokensToSend) and after it receives (like tokensReceived), with all gas; a reverting hook
/// reverts the transfer.
contract AtkCallbackToken is ERC20 {
    mapping(address account => bool) public hooked;

    constructor() ERC20("Callback USD", "CUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function registerHook(bool on) external {
        hooked[msg.sender] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && hooked[from]) IAtkTokenHook(from).onTokenTransfer(from, to, value);
        super._update(from, to, value);
        if (to != address(0) && hooked[to]) IAtkTokenHook(to).onTokenTransfer(from, to, value);
    }
}
