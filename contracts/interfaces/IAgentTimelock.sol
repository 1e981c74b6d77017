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

    /// @notice The rules, all changed only by a batch this timelock executes.
    /// @dev Stored in two places: the penalty fields share a slot with the epoch counters, the
    /// rest is one slot that `submit`, `veto` and `execute` each read once.
    /// @param delay Seconds between queueing and the earliest execution; never below `minDelay`.
    /// @param gracePeriod Seconds after the delay within which a request must run, or it expires.
    /// @param vetoExtension Seconds each veto short of the threshold adds to the delay.
    /// @param maxVetoExtension The most vetoes can add in all: a request is executable at the
    /// latest `delay + maxVetoExtension` after it was queued. `delay + maxVetoExtension` may not
    /// exceed the personhood registry's root validity.
    /// @param epochLength Seconds per budget and veto epoch.
    /// @param allowancePerEpoch Units an agent may spend per epoch; unused units do not carry over.
    /// @param costPerAction Units one action of a submitted batch costs.
    /// @param vetoThreshold Vetoes by distinct humans that kill a request.
    /// @param vetoesPerEpoch Requests of one epoch a single human can veto (the veto slots).
    /// @param vetoBudgetSlashBps Share of its remaining epoch budget an agent loses when one of its
    /// requests is vetoed.
    /// @param vetoKarmaWeight EMA weight of the zero governance outcome recorded against an agent
    /// whose request is vetoed, in [0, 1e18] (0: no karma penalty).
    struct Config {
        uint32 delay;
        uint32 gracePeriod;
        uint32 vetoExtension;
        uint32 maxVetoExtension;
        uint32 epochLength;
        uint32 allowancePerEpoch;
        uint32 costPerAction;
        uint16 vetoThreshold;
        uint16 vetoesPerEpoch;
        uint16 vetoBudgetSlashBps;
        uint64 vetoKarmaWeight;
    }

    /// @notice A request as the timelock reads it back.
    /// @param proposer The agent that submitted it, or the governor that queued it.
    /// @param fromGovernor Whether it came through the governor (no budget, no agent penalty).
    /// @param queuedAt When it entered the queue.
    /// @param eta The earliest execution time (moved later by vetoes short of the threshold).
    /// @param queueEpoch The epoch it was queued in; with `vetoSlot` it fixes `vetoScope`.
    /// @param vetoSlot Its index among the requests of its epoch, modulo `vetoesPerEpoch` then.
    /// @param vetoCount Vetoes it has received.
    /// @param actionsHash keccak256(abi.encode(actions)); the actions themselves are in the events.
    /// @param vetoScope The Semaphore scope a veto proof for it must carry.
    struct RequestView {
        address proposer;
        bool fromGovernor;
        RequestState state;
        uint40 queuedAt;
        uint40 eta;
        uint40 queueEpoch;
        uint16 vetoSlot;
        uint16 vetoCount;
        bytes32 actionsHash;
        uint256 vetoScope;
    }

    /// @notice Emitted when a registered agent submits a batch, with everything not stored.
    event RequestSubmitted(
        uint256 indexed requestId,
        address indexed agent,
        uint256 cost,
        uint40 eta,
        uint256 vetoScope,
        Action[] actions,
        string description
    );
    /// @notice Emitted when the governor queues a proposal that passed, with everything not stored.
    event ProposalQueued(
        uint256 indexed requestId,
        uint256 indexed proposalId,
        uint40 eta,
        uint256 vetoScope,
        Action[] actions,
        bytes32 descriptionHash
    );
    /// @notice Emitted for every accepted veto. `killed`: the veto reached the threshold and the
    /// request is Vetoed; otherwise `eta` is the request's earliest execution time after it.
    event VetoCast(uint256 indexed requestId, uint256 nullifier, uint16 vetoCount, uint40 eta, bool killed);
    /// @notice Emitted when an agent pays for a vetoed request: `unitsSlashed` of its budget for the
    /// current epoch, plus a zero governance outcome in the karma registry (`karmaApplied`) and a
    /// re-sync of its voting weight (`votesSynced`). A penalty call that fails does not stop the
    /// veto; its flag is then false.
    event AgentPenalized(
        address indexed agent,
        uint256 indexed requestId,
        uint32 unitsSlashed,
        bool karmaApplied,
        bool votesSynced
    );
    /// @notice Emitted when a request's batch has run.
    event RequestExecuted(uint256 indexed requestId, address indexed executor);
    /// @notice Emitted when an agent withdraws its own request.
    event RequestCancelled(uint256 indexed requestId, address indexed agent);
    /// @notice Emitted when an agent is registered (again); `agentId` never changes for an address.
    event AgentRegistered(address indexed agent, uint32 agentId);
    /// @notice Emitted when an agent is deregistered.
    event AgentDeregistered(address indexed agent);
    /// @notice Emitted when the rules change (and once at deployment).
    event ConfigSet(Config config);
    /// @notice Emitted when the governor allowed to queue proposals changes.
    event GovernorSet(address indexed governor);
    /// @notice Emitted when the timelock accepts ownership of a contract offered to it.
    event OwnershipClaimed(address indexed target);

    /// @notice The caller is not a registered agent.
    error AgentTimelockNotAgent(address caller);
    /// @notice The caller is not the governor.
    error AgentTimelockNotGovernor(address caller);
    /// @notice Only the agent that submitted the request may do this.
    error AgentTimelockNotProposer(uint256 requestId, address caller);
    /// @notice The agent is already registered, or the address cannot be an agent.
    error AgentTimelockInvalidAgent(address agent);
    /// @notice The batch costs more units than the agent has left this epoch.
    error AgentTimelockBudgetExceeded(address agent, uint256 cost, uint256 remaining);
    /// @notice A batch without actions.
    error AgentTimelockEmptyBatch();
    /// @notice No request with this id.
    error AgentTimelockUnknownRequest(uint256 requestId);
    /// @notice The request is not in the state this call needs.
    error AgentTimelockWrongState(uint256 requestId, RequestState actual, RequestState expected);
    /// @notice The request already has vetoes: withdrawing it now would dodge the penalty.
    error AgentTimelockVetoPending(uint256 requestId, uint16 vetoCount);
    /// @notice The actions given do not hash to the ones queued.
    error AgentTimelockActionsMismatch(uint256 requestId);
    /// @notice Action `index` of the batch reverted with `reason`; the whole batch is undone.
    error AgentTimelockActionFailed(uint256 requestId, uint256 index, bytes reason);
    /// @notice The proof's scope is not the request's veto scope.
    error AgentTimelockWrongScope(uint256 requestId, uint256 expected, uint256 actual);
    /// @notice The proof's message is not the request id.
    error AgentTimelockWrongMessage(uint256 requestId, uint256 message);
    /// @notice The nullifier has already been used for a veto.
    error AgentTimelockNullifierUsed(uint256 nullifier);
    /// @notice The relayer left too little gas for the penalty calls (they get what they need or
    /// the veto reverts, so a relayer cannot make the penalty fail on purpose).
    error AgentTimelockPenaltyOutOfGas();
    /// @notice The delay would fall below the immutable minimum.
    error AgentTimelockDelayBelowMinimum(uint256 delay, uint256 minDelay);
    /// @notice `delay + maxVetoExtension` would exceed how long the personhood registry keeps a
    /// superseded root valid: a proof made early in the window could expire before its end.
    error AgentTimelockVetoWindowTooLong(uint256 window, uint256 rootValidity);
    /// @notice A bad configuration value; `field` names it.
    error AgentTimelockInvalidConfig(string field);
    /// @notice The timelock owns itself and cannot give that up.
    error AgentTimelockCannotRenounce();

    // ---------------------------------------------------------------- queueing

    /// @notice Submits a batch as a registered agent. Costs `costPerAction * actions.length` units
    /// of the agent's budget for the current epoch; the units are spent whatever becomes of the
    /// request. The actions and the description are emitted, only their hash is stored.
    /// @return requestId The new request.
    function submit(Action[] calldata actions, string calldata description) external returns (uint256 requestId);

    /// @notice Queues a proposal that passed the governor (only the governor; no budget).
    /// @return requestId The timelock request now holding the proposal's actions.
    function queueProposal(
        uint256 proposalId,
        Action[] calldata actions,
        bytes32 descriptionHash
    ) external returns (uint256 requestId);

    /// @notice Withdraws a request the caller submitted as an agent, while it is Queued or Ready
    /// and has no veto yet. The units paid are not refunded.
    function cancel(uint256 requestId) external;

    // ---------------------------------------------------------------- veto and execution

    /// @notice Vetoes a queued request with a proof of personhood (see `vetoScope`).
    function veto(uint256 requestId, ISemaphore.SemaphoreProof calldata proof) external;

    /// @notice Executes a ready request atomically; anyone may call it.
    function execute(uint256 requestId, Action[] calldata actions) external payable;

    /// @notice Accepts ownership of `target` (an Ownable2Step contract) that its owner has already
    /// offered to this timelock with `transferOwnership`. Anyone may call it: it only completes a
    /// transfer the current owner started.
    function claimOwnership(address target) external;

    // ---------------------------------------------------------------- self-governance (owner = this)

    /// @notice Registers `agent`, which may then submit batches. Owner (this timelock) only.
    function registerAgent(address agent) external;
    /// @notice Deregisters `agent`: it may no longer submit; its queued requests stay queued and
    /// vetoable. Owner (this timelock) only.
    function deregisterAgent(address agent) external;
    /// @notice Sets the delay; never below `minDelay`, and `delay + maxVetoExtension` within the
    /// personhood registry's root validity. Applies to requests queued from now on.
    function setDelay(uint32 delay) external;
    /// @notice Sets the grace period (applies to every request not yet executed).
    function setGracePeriod(uint32 gracePeriod) external;
    /// @notice Sets the veto rules: the threshold, the veto slots per epoch, the extension per veto
    /// and its cap (`delay + maxVetoExtension` within the registry's root validity).
    function setVetoRules(
        uint16 vetoThreshold,
        uint16 vetoesPerEpoch,
        uint32 vetoExtension,
        uint32 maxVetoExtension
    ) external;
    /// @notice Sets the agents' budget. A new epoch length starts a new epoch at once (every
    /// budget resets), so that epoch numbers, and with them veto scopes, never repeat.
    function setBudget(uint32 epochLength, uint32 allowancePerEpoch, uint32 costPerAction) external;
    /// @notice Sets what an agent loses when one of its requests is vetoed.
    function setVetoPenalty(uint16 vetoBudgetSlashBps, uint64 vetoKarmaWeight) external;
    /// @notice Sets the governor allowed to queue proposals.
    function setGovernor(address governor) external;

    // ---------------------------------------------------------------- views

    /// @notice The request's state now.
    function requestState(uint256 requestId) external view returns (RequestState);

    /// @notice The request, decoded.
    function request(uint256 requestId) external view returns (RequestView memory);

    /// @notice How many requests exist (ids are 1..count).
    function requestCount() external view returns (uint256);

    /// @notice The longest a request can stay vetoable: the delay plus the most veto extensions
    /// can add. The personhood registry keeps superseded roots valid at least this long.
    function longestVetoWindow() external view returns (uint256);

    /// @notice The Semaphore scope a veto proof for `requestId` must use (message = requestId).
    function vetoScope(uint256 requestId) external view returns (uint256);

    /// @notice Whether `nullifier` has been used for a veto.
    function nullifierUsed(uint256 nullifier) external view returns (bool);

    /// @notice The current epoch of budgets and veto slots.
    function currentEpoch() external view returns (uint256);

    /// @notice Units `agent` may still spend in the current epoch (0 for a non-agent).
    function budgetOf(address agent) external view returns (uint256);

    /// @notice Whether `account` is a registered agent.
    function isAgent(address account) external view returns (bool);

    /// @notice The current rules.
    function config() external view returns (Config memory);

    /// @notice The governor allowed to queue proposals.
    function governor() external view returns (address);

    /// @notice The floor of the delay, fixed at deployment.
    function minDelay() external view returns (uint32);
}
