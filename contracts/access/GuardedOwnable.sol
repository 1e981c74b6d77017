// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title GuardedOwnable
/// @notice One owner for every parameter (the governance timelock once it exists) and a guardian
/// that can only pause. Pausing stops new entries into a contract (new tasks, claims, deposits),
/// never the exits: every locked wei keeps its path out while paused.
abstract contract GuardedOwnable is Ownable2Step, Pausable {
    /// @notice The account allowed to pause; it can never unpause, move funds or change parameters.
    address public guardian;

    /// @notice Emitted when the owner appoints a new guardian.
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);

    /// @notice The caller is neither the guardian nor the owner.
    error GuardedOwnableNotGuardian(address caller);

    constructor(address initialOwner, address initialGuardian) Ownable(initialOwner) {
        guardian = initialGuardian;
        emit GuardianChanged(address(0), initialGuardian);
    }

    /// @notice Appoints a new guardian (address(0) removes it).
    function setGuardian(address newGuardian) external onlyOwner {
        emit GuardianChanged(guardian, newGuardian);
        guardian = newGuardian;
    }

    /// @notice Stops new entries. Callable by the guardian or the owner.
    function pause() external {
        if (msg.sender != guardian && msg.sender != owner()) revert GuardedOwnableNotGuardian(msg.sender);
        _pause();
    }

    /// @notice Resumes new entries. Only the owner (governance) may unpause.
    function unpause() external onlyOwner {
        _unpause();
    }
}
