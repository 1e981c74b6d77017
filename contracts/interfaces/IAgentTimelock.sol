// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";

/// @title IAgentTimelock
/// @notice The single executor of AOS governance. Registered AI agents submit action batches
/// ("pull requests") straight to it, paid from a per-epoch action budget; proposals that pass the
/// governor enter the same queue. Nothing executes before its delay has passed, and during the
/// delay any verified human can veto anonymously with a Semaphore proof.
interface IAgentTimelock {
    /// @notice One call of a batch.
    struct Action {
        address target;
        uint256 value;
        bytes data;
    }

    /// @notice Where a request stands.
    enum RequestState {
        None,
        Queued, // in its delay: can be vetoed
        Ready, // delay passed, within the grace period: anyone can execute it
        Executed,
        Vetoed,
        Expired, // grace period passed without execution
        Cancelled
    }

    /// @notice Queues a proposal that passed the governor (only the governor; no budget).
    /// @return requestId The timelock request now holding the proposal's actions.
    function queueProposal(
        uint256 proposalId,
        Action[] calldata actions,
        bytes32 descriptionHash
    ) external returns (uint256 requestId);

    /// @notice Vetoes a queued request with a proof of personhood (see `vetoScope`).
    function veto(uint256 requestId, ISemaphore.SemaphoreProof calldata proof) external;

    /// @notice Executes a ready request atomically; anyone may call it.
    function execute(uint256 requestId, Action[] calldata actions) external payable;

    /// @notice The request's state now.
    function requestState(uint256 requestId) external view returns (RequestState);

    /// @notice The longest a request can stay vetoable: the delay plus the most veto extensions
    /// can add. The personhood registry keeps superseded roots valid at least this long.
    function longestVetoWindow() external view returns (uint256);

    /// @notice The Semaphore scope a veto proof for `requestId` must use (message = requestId).
    function vetoScope(uint256 requestId) external view returns (uint256);
}
