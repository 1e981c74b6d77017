// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title DemoToken
/// @notice A stablecoin stand-in for local chains only: anyone may mint. Deployed by the local
/// demo module, never by the production one.
contract DemoToken is ERC20 {
    constructor() ERC20("AOS Demo USD", "aUSD") {}

    /// @notice Mints `amount` to `to`. Local chains only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
