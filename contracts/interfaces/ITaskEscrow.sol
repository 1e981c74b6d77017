// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJury} from "./IJury.sol";
import {IKarmaRegistry} from "./IKarmaRegistry.sol";

/// @title ITaskEscrow
/// @notice Task bounties locked in escrow until a result is accepted, a review window lapses, a
/// deadline passes or a jury rules. Every locked wei has a path out that anyone can trigger after
/// a timeout: `expire` after the deadline, `finalize` after the review window, and
/// `resolveStalledDispute` if the jury never rules.
interface ITaskEscrow {
    /// @notice States only move forward (their numeric order); the last five are final.
    enum TaskState {
        None,
        Open,
        Claimed,
        Submitted,
        Disputed,
        Accepted,
        Rejected,
        Expired,
        Cancelled,
        Voided
    }

    /// @notice What a requester asks for when creating a task.
    /// @param token The bounty's asset: address(0) for the native asset, else an ERC-20.
    /// @param amount The bounty. For an ERC-20 that delivers less than sent, the bounty is what
    /// arrived, unless `exactAmount` is set, in which case the creation reverts.
    /// @param inputHash The digest of the input's CID (the input itself lives off-chain).
    /// @param taskType An application-defined type (LLM pipeline, simulation, human job...).
    /// @param domain The accuracy dimension the outcome updates (a dimension of kind Accuracy).
    /// @param deadline The time by which a result must be submitted.
    /// @param reviewWindow Seconds the requester has to accept or dispute a result: whole minutes.
    /// @param stakeBps The agent's stake as a share of the bounty; 0 means the default (10%).
    /// @param maxDelegationDepth How many layers of subtasks the claimant may fund.
    struct TaskParams {
        address token;
        uint96 amount;
        bool exactAmount;
        bytes32 inputHash;
        uint32 taskType;
        uint16 domain;
        uint40 deadline;
        uint32 reviewWindow;
        uint16 stakeBps;
        uint8 maxDelegationDepth;
        IKarmaRegistry.KarmaRequirement[] requirements;
        uint16[] skills;
    }

    /// @notice A task as the escrow reads it back (decoded from two storage slots, three for
    /// tokens, subtasks, custom stakes or delegation).
    /// @param deadline The submission deadline; zero once a result is submitted (it stays in TaskCreated).
    /// @param submittedAt When the result arrived; zero before.
    /// @param reviewEndsAt When the requester's review window closes; zero before submission.
    /// @param requirementsCommitment Open tasks only: the first 160 bits of
    /// keccak256(abi.encode(requirements, skills)) that a claimant must open; zero once claimed.
    /// @param responseScore Set at submission: the share of the task's time left, 1e18 = instant.
    struct TaskView {
        address requester;
        address agent;
        address token;
        TaskState state;
        uint96 bounty;
        uint256 stake;
        uint16 domain;
        uint40 createdAt;
        uint40 deadline;
        uint40 submittedAt;
        uint40 reviewEndsAt;
        uint32 reviewWindow;
        uint64 responseScore;
        uint64 parentId;
        uint16 stakeBps;
        uint8 depth;
        uint8 maxDepth;
        bytes20 requirementsCommitment;
    }

    /// @notice A dispute in progress or settled.
    struct Dispute {
        uint128 bond;
        uint40 openedAt;
        uint64 caseId;
    }

    /// @notice Emitted when a task is created (or a subtask funded); carries everything workers
    /// and indexers need that is not stored.
    event TaskCreated(
        uint256 indexed taskId,
        address indexed requester,
        address indexed token,
        uint256 bounty,
        bytes32 inputHash,
        uint32 taskType,
        uint16 domain,
        uint40 deadline,
        uint32 reviewWindow,
        uint16 stakeBps,
        uint8 maxDelegationDepth,
        IKarmaRegistry.KarmaRequirement[] requirements,
        uint16[] skills
    );
    /// @notice Emitted when a claimant funds a subtask out of its task's bounty.
    event SubtaskCreated(uint256 indexed parentId, uint256 indexed subtaskId, address indexed delegator, uint8 depth);
    /// @notice Emitted when an agent claims a task and its stake is taken into escrow.
    event TaskClaimed(uint256 indexed taskId, address indexed agent, uint256 stake);
    /// @notice Emitted when the agent submits the digest of its result's CID. The digest lives in
    /// this event (the chain's receipts), not in storage: readers and the jury take it from here.
    event ResultSubmitted(uint256 indexed taskId, address indexed agent, bytes32 resultHash);
    /// @notice Emitted when the agent is paid (accept, finalize, or a ruling in its favour).
    event TaskAccepted(uint256 indexed taskId, address indexed agent, uint256 payment, bool byTimeout);
    /// @notice Emitted when the requester disputes a result.
    event TaskDisputed(uint256 indexed taskId, address indexed requester, uint256 bond, uint64 caseId);
    /// @notice Emitted when a ruling goes against the agent.
    event TaskRejected(uint256 indexed taskId, address indexed agent, uint256 refund, uint256 slashed);
    /// @notice Emitted when a task passes its deadline without a result.
    event TaskExpired(uint256 indexed taskId, address indexed agent, uint256 refund, uint256 slashed);
    /// @notice Emitted when the requester cancels an unclaimed task.
    event TaskCancelled(uint256 indexed taskId, uint256 refund);
    /// @notice Emitted when a dispute ends without a decision: bounty refunded, stake returned.
    event TaskVoided(uint256 indexed taskId, uint256 refund);
    /// @notice Emitted when money from a settled subtask returns to its parent's bounty (or, if the
    /// parent failed, passes through it up the chain).
    event SubtaskRefundReturned(uint256 indexed parentId, uint256 indexed subtaskId, uint256 amount);
    /// @notice Emitted when the owner changes the parameters.
    event ParametersSet(Parameters parameters);

    /// @notice Parameters the owner (governance) may change, each within fixed bounds.
    /// @dev Ordered so that everything `createTask` checks sits in the first slot.
    struct Parameters {
        uint16 minStakeBps;
        uint16 maxStakeBps;
        uint16 treasuryBps;
        uint16 juryRewardBps;
        uint32 minReviewWindow;
        uint32 maxReviewWindow;
        uint32 maxTaskDuration;
        uint32 disputeTimeout;
        uint8 maxDelegationDepth;
        uint64 delegationAttenuation;
        address treasury;
    }

    /// @notice No task with this id.
    error TaskEscrowUnknownTask(uint256 taskId);
    /// @notice The task is not in the state this call needs.
    error TaskEscrowWrongState(uint256 taskId, TaskState actual, TaskState expected);
    /// @notice Only the requester may do this.
    error TaskEscrowNotRequester(uint256 taskId, address caller);
    /// @notice Only the agent holding the claim may do this.
    error TaskEscrowNotAgent(uint256 taskId, address caller);
    /// @notice Only the jury may do this.
    error TaskEscrowNotJury(address caller);
    /// @notice The deadline has passed.
    error TaskEscrowDeadlinePassed(uint256 taskId, uint40 deadline);
    /// @notice The deadline has not passed yet.
    error TaskEscrowDeadlineNotReached(uint256 taskId, uint40 deadline);
    /// @notice The review window is over.
    error TaskEscrowReviewWindowClosed(uint256 taskId, uint256 closedAt);
    /// @notice The review window is still open.
    error TaskEscrowReviewWindowOpen(uint256 taskId, uint256 closesAt);
    /// @notice The dispute has not stalled long enough to be voided.
    error TaskEscrowDisputeNotStalled(uint256 taskId, uint256 stalledAt);
    /// @notice A bad creation parameter; `field` names it.
    error TaskEscrowInvalidParameter(string field);
    /// @notice The native value sent does not match what the call needs.
    error TaskEscrowWrongValue(uint256 sent, uint256 expected);
    /// @notice The token delivered less than requested.
    error TaskEscrowTransferShortfall(address token, uint256 expected, uint256 received);
    /// @notice The opened requirements do not match the task's commitment.
    error TaskEscrowRequirementsMismatch(uint256 taskId);
    /// @notice The agent accepts fewer delegation layers than this task's depth.
    error TaskEscrowTrustDepthTooLow(uint256 taskId, uint8 depth, uint8 trustDepth);
    /// @notice The requester cannot claim its own task.
    error TaskEscrowSelfClaim(uint256 taskId);
    /// @notice A subtask asks for more than the parent has left, or delegation is too deep.
    error TaskEscrowDelegationNotAllowed(uint256 parentId, string reason);
    /// @notice A zero result hash.
    error TaskEscrowEmptyResult(uint256 taskId);

    /// @notice Creates a task, taking its bounty into escrow. Returns the task id.
    function createTask(TaskParams calldata params) external payable returns (uint256 taskId);
    /// @notice Funds a subtask of `parentId` out of the parent's bounty; the caller must hold the
    /// parent's claim. The subtask inherits the token and the maximum depth.
    function createSubtask(uint256 parentId, TaskParams calldata params) external returns (uint256 taskId);
    /// @notice Claims an open task: opens its requirements commitment, checks the caller's karma
    /// and its standing stake in the vault, and takes the claim's stake into escrow (native: as
    /// msg.value; token: pulled by transferFrom). The stake comes back with the payment.
    function claim(
        uint256 taskId,
        IKarmaRegistry.KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) external payable;
    /// @notice Submits the digest of the result's CID.
    function submitResult(uint256 taskId, bytes32 resultHash) external;
    /// @notice The requester accepts the result: payment to the agent, stake back, karma up.
    function accept(uint256 taskId) external;
    /// @notice Anyone settles in the agent's favour once the review window has passed.
    function finalize(uint256 taskId) external;
    /// @notice Anyone expires a task whose deadline passed without a result: refund, slash.
    function expire(uint256 taskId) external;
    /// @notice The requester cancels an unclaimed task: full refund.
    function cancel(uint256 taskId) external;
    /// @notice The requester disputes a result within the review window, posting a bond equal
    /// to the agent's stake (native: as msg.value; token: pulled by transferFrom).
    function dispute(uint256 taskId) external payable;
    /// @notice The jury's ruling settles the dispute. Jury only.
    function executeRuling(uint256 taskId, IJury.Ruling ruling, address[] calldata majorityJurors) external;
    /// @notice Anyone voids a dispute the jury has not ruled on within the dispute timeout.
    function resolveStalledDispute(uint256 taskId) external;
    /// @notice Sets the parameters. Owner only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The jury whose rulings this escrow executes.
    function jury() external view returns (IJury);
    /// @notice The task, decoded.
    function getTask(uint256 taskId) external view returns (TaskView memory);
    /// @notice The task's current state.
    function stateOf(uint256 taskId) external view returns (TaskState);
    /// @notice The dispute of a task.
    function disputeOf(uint256 taskId) external view returns (Dispute memory);
    /// @notice How much of a task's bounty its claimant has moved into subtasks, net of returns.
    function delegatedOf(uint256 taskId) external view returns (uint256);
    /// @notice The stake a claim of this task locks.
    function stakeOf(uint256 taskId) external view returns (uint256);
    /// @notice How many tasks exist (ids are 1..count).
    function taskCount() external view returns (uint256);
    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory);
    /// @notice The commitment a task stores for these requirements.
    function requirementsCommitment(
        IKarmaRegistry.KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) external pure returns (bytes20);
    /// @notice Refreshes the escrow's copy of the registry's dimension count (also done
    /// automatically when a task names a domain the copy does not know yet).
    function syncDimensions() external returns (uint16);
}
