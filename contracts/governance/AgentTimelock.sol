// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IAgentTimelock} from "../interfaces/IAgentTimelock.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {IPersonhoodRegistry} from "../interfaces/IPersonhoodRegistry.sol";
import {IReputationVotes} from "../interfaces/IReputationVotes.sol";

/// @title AgentTimelock
/// @notice AI agents only propose; verified humans veto. Registered agents submit action batches
/// ("pull requests") paid from a per-epoch action budget, the governor queues proposals that
/// passed its vote, and every request waits out a delay during which any verified human can kill
/// it anonymously with a Semaphore proof. A killed agent request costs its agent part of its
/// remaining budget and some governance karma. Everything else runs only as a batch this
/// timelock executes: it owns itself and, after `claimOwnership`, every other AOS contract.
/// @dev Veto scopes. A human's Semaphore nullifier is unique per scope, and the rules are "one
/// veto per human per request" and "at most `vetoesPerEpoch` vetoes per human per epoch". Both
/// hold with one proof and one nullifier by giving each request, when it is queued, its epoch
/// and a veto slot (its index among that epoch's requests modulo `vetoesPerEpoch`), and making
/// the scope a hash of (chain id, this timelock, epoch, slot): an epoch has exactly
/// `vetoesPerEpoch` scopes, so a human has that many nullifiers to spend in it, and the proof's
/// message (the request id) binds it to one request. The price: two requests of the same epoch
/// and slot share a scope, so one human can veto only one of them; the other still falls to
/// anyone else's veto. Lowering `vetoesPerEpoch` mid-epoch leaves that epoch's higher slots in
/// place, so for the rest of it a human may veto up to the old number.
/// Pause. The guardian's pause stops agents' submissions, the governor's queueing and every
/// execution, with one exception so that the timelock cannot lock itself out (only it can
/// unpause itself): a governor proposal whose every action calls this timelock (unpause, replace
/// the guardian, deregister an agent, change a rule) can still be queued and executed. Vetoes,
/// cancellations and `claimOwnership` are never paused.
contract AgentTimelock is IAgentTimelock, GuardedOwnable, ReentrancyGuardTransient {
    uint16 private constant GOVERNANCE = 4;
    uint16 private constant BPS = 10_000;
    uint64 private constant WAD = 1e18;

    /// @dev Low three bits of `stateFlags`: the stored RequestState (None, Queued, Executed,
    /// Vetoed or Cancelled; Ready and Expired are derived from the clock).
    uint8 private constant STATE_MASK = 0x07;
    uint8 private constant FROM_GOVERNOR = 0x80;

    IKarmaRegistry public immutable karma;
    IPersonhoodRegistry public immutable personhood;
    /// @notice The vote ledger re-synced after a karma penalty (address(0): none).
    IReputationVotes public immutable votes;
    /// @inheritdoc IAgentTimelock
    uint32 public immutable minDelay;

    /// @dev One slot plus the actions hash. The proposer is a 32-bit index into `_agents` rather
    /// than an address, which leaves room for the epoch, slot and veto count: a submission writes
    /// two fresh slots instead of three, and a veto reads and writes this one slot only.
    struct Request {
        uint32 proposerId;
        uint40 queuedAt;
        uint40 eta;
        uint32 queueEpoch;
        uint16 vetoSlot;
        uint16 vetoCount;
        uint8 stateFlags;
        bytes32 actionsHash;
    }

    /// @dev Everything about an agent in one slot, keyed by its index so that the veto penalty
    /// finds the address and the budget with a single read. The governor gets an index too (never
    /// `active` unless registered) so that requests name their proposer the same way.
    struct AgentSlot {
        address account;
        uint32 budgetEpoch;
        uint32 spent;
        bool active;
    }

    /// @dev The Config fields that `submit`, `veto` and `execute` read: one slot, read once.
    struct Rules {
        uint32 delay;
        uint32 gracePeriod;
        uint32 vetoExtension;
        uint32 maxVetoExtension;
        uint32 epochLength;
        uint32 allowancePerEpoch;
        uint32 costPerAction;
        uint16 vetoThreshold;
        uint16 vetoesPerEpoch;
    }

    /// @dev Everything else a queueing or a killing veto needs, in one slot: the request counter
    /// and the epoch's slot counter (written per request), the epoch origin, and the penalty
    /// rules (read with the epoch by the penalty), so that a killing veto reads two slots of
    /// rules and counters, not three. Epochs are counted from `epochStart`, which a change of
    /// epoch length moves to that moment, with `epochBase` one past the epoch then current: epoch
    /// numbers only grow, so a veto scope is never reused.
    struct Clock {
        uint48 requestCount;
        uint40 epochStart;
        uint32 epochBase;
        uint32 slotEpoch;
        uint24 slotIndex;
        uint16 vetoBudgetSlashBps;
        uint64 vetoKarmaWeight;
    }

    Rules private _rules;
    Clock private _clock;

    address private _governor;
    uint32 private _agentCount;

    mapping(uint256 requestId => Request) private _requests;
    mapping(uint32 agentId => AgentSlot) private _agents;
    mapping(address account => uint32 agentId) private _agentIds;
    mapping(uint256 nullifier => bool) private _nullifiers;

    /// @param guardian_ The account that may pause (address(0): none).
    /// @param karma_ The karma registry; this timelock must be one of its updaters for the penalty.
    /// @param personhood_ The registry of verified humans that checks veto proofs.
    /// @param votes_ The vote ledger to re-sync after a karma penalty; may be address(0).
    /// @param governor_ The governor allowed to queue proposals (address(0): none yet).
    /// @param config_ The initial rules.
    /// @param minDelay_ The floor of the delay, forever.
    /// @param initialAgents Agents registered from the start.
    constructor(
        address guardian_,
        IKarmaRegistry karma_,
        IPersonhoodRegistry personhood_,
        IReputationVotes votes_,
        address governor_,
        Config memory config_,
        uint32 minDelay_,
        address[] memory initialAgents
    ) GuardedOwnable(address(this), guardian_) {
        if (address(karma_) == address(0)) revert AgentTimelockInvalidConfig("karma");
        if (address(personhood_) == address(0)) revert AgentTimelockInvalidConfig("personhood");
        if (minDelay_ == 0) revert AgentTimelockInvalidConfig("minDelay");
        karma = karma_;
        personhood = personhood_;
        votes = votes_;
        minDelay = minDelay_;
        _clock.epochStart = uint40(block.timestamp);
        _setConfig(config_, true);
        _setGovernor(governor_);
        for (uint256 i; i < initialAgents.length; ++i) {
            _register(initialAgents[i]);
        }
    }

    /// @notice Receives the native asset that batches spend.
    receive() external payable {}

    // ---------------------------------------------------------------- queueing

    /// @inheritdoc IAgentTimelock
    function submit(
        Action[] calldata actions,
        string calldata description
    ) external whenNotPaused returns (uint256 requestId) {
        uint32 agentId = _agentIds[msg.sender];
        AgentSlot storage agent = _agents[agentId];
        if (agentId == 0 || !agent.active) revert AgentTimelockNotAgent(msg.sender);
        if (actions.length == 0) revert AgentTimelockEmptyBatch();
        Rules memory rules = _rules;
        uint32 epoch = _currentEpoch(rules.epochLength);
        uint256 spent = agent.budgetEpoch == epoch ? agent.spent : 0;
        uint256 allowance = rules.allowancePerEpoch;
        // The allowance may have been lowered below what was spent this epoch.
        uint256 remaining = allowance > spent ? allowance - spent : 0;
        uint256 cost = uint256(rules.costPerAction) * actions.length;
        if (cost > remaining) revert AgentTimelockBudgetExceeded(msg.sender, cost, remaining);
        agent.budgetEpoch = epoch;
        // spent + cost <= allowance, a uint32.
        agent.spent = uint32(spent + cost);
        uint40 eta;
        uint256 scope;
        (requestId, eta, scope) = _enqueue(agentId, 0, keccak256(abi.encode(actions)), epoch, rules);
        emit RequestSubmitted(requestId, msg.sender, cost, eta, scope, actions, description);
    }

    /// @inheritdoc IAgentTimelock
    function queueProposal(
        uint256 proposalId,
        Action[] calldata actions,
        bytes32 descriptionHash
    ) external returns (uint256 requestId) {
        address governor_ = _governor;
        // msg.sender is never address(0), so an unset governor admits no one.
        if (msg.sender != governor_) revert AgentTimelockNotGovernor(msg.sender);
        if (actions.length == 0) revert AgentTimelockEmptyBatch();
        if (paused() && !_onlySelf(actions)) revert EnforcedPause();
        uint40 eta;
        uint256 scope;
        Rules memory rules = _rules;
        (requestId, eta, scope) = _enqueue(
            _agentIds[governor_],
            FROM_GOVERNOR,
            keccak256(abi.encode(actions)),
            _currentEpoch(rules.epochLength),
            rules
        );
        emit ProposalQueued(requestId, proposalId, eta, scope, actions, descriptionHash);
    }

    /// @inheritdoc IAgentTimelock
    /// @dev Only before the first veto: an agent must not escape the veto penalty by withdrawing a
    /// request humans have started to veto. (It can still front-run the very first veto; with a
    /// threshold of one that dodges the penalty, not the units it paid.)
    function cancel(uint256 requestId) external {
        Request storage r = _requests[requestId];
        RequestState state = _stateOf(r);
        if (state != RequestState.Queued && state != RequestState.Ready) {
            revert AgentTimelockWrongState(requestId, state, RequestState.Queued);
        }
        uint8 flags = r.stateFlags;
        if (flags & FROM_GOVERNOR != 0 || _agents[r.proposerId].account != msg.sender) {
            revert AgentTimelockNotProposer(requestId, msg.sender);
        }
        if (r.vetoCount != 0) revert AgentTimelockVetoPending(requestId, r.vetoCount);
        r.stateFlags = (flags & ~STATE_MASK) | uint8(RequestState.Cancelled);
        emit RequestCancelled(requestId, msg.sender);
    }

    // ---------------------------------------------------------------- veto

    /// @inheritdoc IAgentTimelock
    /// @dev Checks the cheap things first (state, message, scope, nullifier), then the proof.
    /// Every accepted veto records its nullifier, extending or killing, so one proof is one veto;
    /// a refused one records nothing. A penalty call that reverts (the timelock not an updater,
    /// a faulty ledger) is reported in AgentPenalized and does not undo the veto: no
    /// misconfiguration may make agents' requests unvetoable.
    function veto(uint256 requestId, ISemaphore.SemaphoreProof calldata proof) external {
        Request storage r = _requests[requestId];
        uint8 flags = r.stateFlags;
        uint40 eta = r.eta;
        if (flags & STATE_MASK != uint8(RequestState.Queued) || block.timestamp >= eta) {
            revert AgentTimelockWrongState(requestId, _stateOf(r), RequestState.Queued);
        }
        if (proof.message != requestId) revert AgentTimelockWrongMessage(requestId, proof.message);
        uint256 scope = _scope(r.queueEpoch, r.vetoSlot);
        if (proof.scope != scope) revert AgentTimelockWrongScope(requestId, scope, proof.scope);
        uint256 nullifier = proof.nullifier;
        if (_nullifiers[nullifier]) revert AgentTimelockNullifierUsed(nullifier);
        _nullifiers[nullifier] = true;
        // A view function: called with STATICCALL, so the registry cannot re-enter.
        personhood.verifyProof(proof);

        Rules memory rules = _rules;
        uint16 count = r.vetoCount + 1;
        r.vetoCount = count;
        if (count < rules.vetoThreshold) {
            // Each veto buys the humans more time, up to the cap (and never less: the cap follows
            // today's delay, which may have been cut since the request was queued).
            uint256 cap = uint256(r.queuedAt) + rules.delay + rules.maxVetoExtension;
            uint256 extended = uint256(eta) + rules.vetoExtension;
            if (extended > cap) extended = cap > eta ? cap : eta;
            r.eta = uint40(extended);
            emit VetoCast(requestId, nullifier, count, uint40(extended), false);
            return;
        }
        r.stateFlags = (flags & ~STATE_MASK) | uint8(RequestState.Vetoed);
        emit VetoCast(requestId, nullifier, count, eta, true);
        // The governor applies its own feedback to a vetoed proposal.
        if (flags & FROM_GOVERNOR == 0) _penalize(_agents[r.proposerId], requestId, rules);
    }

    // ---------------------------------------------------------------- execution

    /// @inheritdoc IAgentTimelock
    /// @dev Marked executed before any call, and guarded: a batch can neither run itself again
    /// nor run another request. All or nothing: a failing action reverts the whole batch, naming
    /// its index and carrying its revert data. An executor cannot make a batch run partially,
    /// except through a target that swallows its own out-of-gas failures.
    function execute(uint256 requestId, Action[] calldata actions) external payable nonReentrant {
        Request storage r = _requests[requestId];
        RequestState state = _stateOf(r);
        if (state != RequestState.Ready) revert AgentTimelockWrongState(requestId, state, RequestState.Ready);
        if (keccak256(abi.encode(actions)) != r.actionsHash) revert AgentTimelockActionsMismatch(requestId);
        uint8 flags = r.stateFlags;
        if (paused() && (flags & FROM_GOVERNOR == 0 || !_onlySelf(actions))) revert EnforcedPause();
        r.stateFlags = (flags & ~STATE_MASK) | uint8(RequestState.Executed);
        emit RequestExecuted(requestId, msg.sender);
        for (uint256 i; i < actions.length; ++i) {
            Action calldata action = actions[i];
            (bool ok, bytes memory reason) = action.target.call{value: action.value}(action.data);
            if (!ok) revert AgentTimelockActionFailed(requestId, i, reason);
        }
    }

    /// @inheritdoc IAgentTimelock
    function claimOwnership(address target) external {
        Ownable2Step(target).acceptOwnership();
        emit OwnershipClaimed(target);
    }

    // ---------------------------------------------------------------- self-governance

    /// @inheritdoc IAgentTimelock
    function registerAgent(address agent) external onlyOwner {
        _register(agent);
    }

    /// @inheritdoc IAgentTimelock
    function deregisterAgent(address agent) external onlyOwner {
        uint32 agentId = _agentIds[agent];
        AgentSlot storage slot = _agents[agentId];
        if (agentId == 0 || !slot.active) revert AgentTimelockNotAgent(agent);
        slot.active = false;
        emit AgentDeregistered(agent);
    }

    /// @inheritdoc IAgentTimelock
    function setDelay(uint32 delay) external onlyOwner {
        Config memory c = _loadConfig();
        c.delay = delay;
        _setConfig(c, true);
    }

    /// @inheritdoc IAgentTimelock
    function setGracePeriod(uint32 gracePeriod) external onlyOwner {
        Config memory c = _loadConfig();
        c.gracePeriod = gracePeriod;
        _setConfig(c, false);
    }

    /// @inheritdoc IAgentTimelock
    function setVetoRules(
        uint16 vetoThreshold,
        uint16 vetoesPerEpoch,
        uint32 vetoExtension,
        uint32 maxVetoExtension
    ) external onlyOwner {
        Config memory c = _loadConfig();
        c.vetoThreshold = vetoThreshold;
        c.vetoesPerEpoch = vetoesPerEpoch;
        c.vetoExtension = vetoExtension;
        c.maxVetoExtension = maxVetoExtension;
        _setConfig(c, true);
    }

    /// @inheritdoc IAgentTimelock
    function setBudget(uint32 epochLength, uint32 allowancePerEpoch, uint32 costPerAction) external onlyOwner {
        Config memory c = _loadConfig();
        if (epochLength != c.epochLength && epochLength != 0) {
            // A fresh epoch starts now, numbered past every earlier one.
            _clock.epochBase = _currentEpoch(c.epochLength) + 1;
            _clock.epochStart = uint40(block.timestamp);
        }
        c.epochLength = epochLength;
        c.allowancePerEpoch = allowancePerEpoch;
        c.costPerAction = costPerAction;
        _setConfig(c, false);
    }

    /// @inheritdoc IAgentTimelock
    function setVetoPenalty(uint16 vetoBudgetSlashBps, uint64 vetoKarmaWeight) external onlyOwner {
        Config memory c = _loadConfig();
        c.vetoBudgetSlashBps = vetoBudgetSlashBps;
        c.vetoKarmaWeight = vetoKarmaWeight;
        _setConfig(c, false);
    }

    /// @inheritdoc IAgentTimelock
    function setGovernor(address governor_) external onlyOwner {
        _setGovernor(governor_);
    }

    /// @notice Disabled: the timelock owns itself, and without an owner no rule could ever change.
    function renounceOwnership() public pure override {
        revert AgentTimelockCannotRenounce();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAgentTimelock
    function requestState(uint256 requestId) external view returns (RequestState) {
        return _stateOf(_requests[requestId]);
    }

    /// @inheritdoc IAgentTimelock
    function request(uint256 requestId) external view returns (RequestView memory view_) {
        Request storage r = _requests[requestId];
        if (r.stateFlags == 0) revert AgentTimelockUnknownRequest(requestId);
        view_.proposer = _agents[r.proposerId].account;
        view_.fromGovernor = r.stateFlags & FROM_GOVERNOR != 0;
        view_.state = _stateOf(r);
        view_.queuedAt = r.queuedAt;
        view_.eta = r.eta;
        view_.queueEpoch = r.queueEpoch;
        view_.vetoSlot = r.vetoSlot;
        view_.vetoCount = r.vetoCount;
        view_.actionsHash = r.actionsHash;
        view_.vetoScope = _scope(r.queueEpoch, r.vetoSlot);
    }

    /// @inheritdoc IAgentTimelock
    function requestCount() external view returns (uint256) {
        return _clock.requestCount;
    }

    /// @inheritdoc IAgentTimelock
    function longestVetoWindow() external view returns (uint256) {
        return uint256(_rules.delay) + _rules.maxVetoExtension;
    }

    /// @inheritdoc IAgentTimelock
    function vetoScope(uint256 requestId) external view returns (uint256) {
        Request storage r = _requests[requestId];
        if (r.stateFlags == 0) revert AgentTimelockUnknownRequest(requestId);
        return _scope(r.queueEpoch, r.vetoSlot);
    }

    /// @inheritdoc IAgentTimelock
    function nullifierUsed(uint256 nullifier) external view returns (bool) {
        return _nullifiers[nullifier];
    }

    /// @inheritdoc IAgentTimelock
    function currentEpoch() external view returns (uint256) {
        return _currentEpoch(_rules.epochLength);
    }

    /// @inheritdoc IAgentTimelock
    function budgetOf(address account) external view returns (uint256) {
        uint32 agentId = _agentIds[account];
        AgentSlot storage agent = _agents[agentId];
        if (agentId == 0 || !agent.active) return 0;
        uint256 spent = agent.budgetEpoch == _currentEpoch(_rules.epochLength) ? agent.spent : 0;
        uint256 allowance = _rules.allowancePerEpoch;
        return allowance > spent ? allowance - spent : 0;
    }

    /// @inheritdoc IAgentTimelock
    function isAgent(address account) external view returns (bool) {
        uint32 agentId = _agentIds[account];
        return agentId != 0 && _agents[agentId].active;
    }

    /// @inheritdoc IAgentTimelock
    function config() external view returns (Config memory) {
        return _loadConfig();
    }

    /// @inheritdoc IAgentTimelock
    function governor() external view returns (address) {
        return _governor;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Stores a new request: the next id, the epoch's next veto slot, eta = now + delay.
    function _enqueue(
        uint32 proposerId,
        uint8 originFlag,
        bytes32 actionsHash,
        uint32 epoch,
        Rules memory rules
    ) private returns (uint256 requestId, uint40 eta, uint256 scope) {
        Clock memory clock = _clock;
        uint256 index = clock.slotEpoch == epoch ? clock.slotIndex : 0;
        uint16 slot = uint16(index % rules.vetoesPerEpoch);
        // Checked: 2^48 requests, or 2^24 in one epoch, cannot be paid for, but a wrap would
        // overwrite a request or reuse a slot, so better to stop.
        requestId = uint256(clock.requestCount) + 1;
        clock.requestCount = uint48(requestId);
        clock.slotEpoch = epoch;
        clock.slotIndex = SafeCast.toUint24(index + 1);
        _clock = clock;
        eta = uint40(block.timestamp + rules.delay);
        _requests[requestId] = Request({
            proposerId: proposerId,
            queuedAt: uint40(block.timestamp),
            eta: eta,
            queueEpoch: epoch,
            vetoSlot: slot,
            vetoCount: 0,
            stateFlags: originFlag | uint8(RequestState.Queued),
            actionsHash: actionsHash
        });
        scope = _scope(epoch, slot);
    }

    /// @dev The agent loses a share of what it has left this epoch (its budget is reset first if
    /// its last spending was in an earlier epoch), then a zero governance outcome is recorded and
    /// its voting weight re-synced.
    function _penalize(AgentSlot storage agent, uint256 requestId, Rules memory rules) private {
        Clock memory clock = _clock;
        address account = agent.account;
        uint32 epoch = _epochAt(clock, rules.epochLength);
        uint256 spent = agent.budgetEpoch == epoch ? agent.spent : 0;
        uint256 allowance = rules.allowancePerEpoch;
        uint256 remaining = allowance > spent ? allowance - spent : 0;
        uint256 slashed = (remaining * clock.vetoBudgetSlashBps) / BPS;
        agent.budgetEpoch = epoch;
        // spent + slashed <= allowance, a uint32.
        agent.spent = uint32(spent + slashed);

        uint64 weight = clock.vetoKarmaWeight;
        bool karmaApplied;
        bool votesSynced;
        if (weight != 0) {
            karmaApplied = _penaltyCall(
                address(karma),
                abi.encodeCall(IKarmaRegistry.recordOutcome, (account, GOVERNANCE, 0, weight))
            );
            if (karmaApplied && address(votes) != address(0)) {
                votesSynced = _penaltyCall(address(votes), abi.encodeCall(IReputationVotes.sync, (account)));
            }
        }
        emit AgentPenalized(account, requestId, uint32(slashed), karmaApplied, votesSynced);
    }

    /// @dev A call whose failure does not undo the veto, but whose failure for lack of gas does:
    /// if the callee consumed all it was given (63/64 of what was left), the relayer may have
    /// chosen the gas limit to make it fail. Return data is never copied.
    function _penaltyCall(address target, bytes memory data) private returns (bool ok) {
        uint256 before = gasleft();
        assembly ("memory-safe") {
            ok := call(gas(), target, 0, add(data, 0x20), mload(data), 0, 0)
        }
        if (!ok && gasleft() <= before / 64) revert AgentTimelockPenaltyOutOfGas();
    }

    function _register(address agent) private {
        if (agent == address(0)) revert AgentTimelockInvalidAgent(agent);
        uint32 agentId = _idFor(agent);
        AgentSlot storage slot = _agents[agentId];
        if (slot.active) revert AgentTimelockInvalidAgent(agent);
        // A re-registered agent keeps this epoch's spending: deregistering does not refill it.
        slot.active = true;
        emit AgentRegistered(agent, agentId);
    }

    function _setGovernor(address governor_) private {
        _governor = governor_;
        if (governor_ != address(0)) _idFor(governor_);
        emit GovernorSet(governor_);
    }

    /// @dev The permanent index of `account`, assigned on first use.
    function _idFor(address account) private returns (uint32 agentId) {
        agentId = _agentIds[account];
        if (agentId != 0) return agentId;
        agentId = ++_agentCount;
        _agentIds[account] = agentId;
        _agents[agentId].account = account;
    }

    /// @dev `checkWindow`: the delay or the veto extension changes, so the veto window must still
    /// fit in the personhood registry's root validity. Other setters skip the external read, so
    /// that a registry change can never block them.
    function _setConfig(Config memory c, bool checkWindow) private {
        if (c.delay < minDelay) revert AgentTimelockDelayBelowMinimum(c.delay, minDelay);
        if (c.gracePeriod == 0) revert AgentTimelockInvalidConfig("gracePeriod");
        if (c.vetoExtension > c.maxVetoExtension) revert AgentTimelockInvalidConfig("vetoExtension");
        if (c.epochLength == 0) revert AgentTimelockInvalidConfig("epochLength");
        if (c.costPerAction == 0) revert AgentTimelockInvalidConfig("costPerAction");
        if (c.vetoThreshold == 0) revert AgentTimelockInvalidConfig("vetoThreshold");
        if (c.vetoesPerEpoch == 0) revert AgentTimelockInvalidConfig("vetoesPerEpoch");
        if (c.vetoBudgetSlashBps > BPS) revert AgentTimelockInvalidConfig("vetoBudgetSlashBps");
        if (c.vetoKarmaWeight > WAD) revert AgentTimelockInvalidConfig("vetoKarmaWeight");
        if (checkWindow) {
            uint256 window = uint256(c.delay) + c.maxVetoExtension;
            uint256 validity = personhood.rootValidity();
            if (window > validity) revert AgentTimelockVetoWindowTooLong(window, validity);
        }
        _rules = Rules({
            delay: c.delay,
            gracePeriod: c.gracePeriod,
            vetoExtension: c.vetoExtension,
            maxVetoExtension: c.maxVetoExtension,
            epochLength: c.epochLength,
            allowancePerEpoch: c.allowancePerEpoch,
            costPerAction: c.costPerAction,
            vetoThreshold: c.vetoThreshold,
            vetoesPerEpoch: c.vetoesPerEpoch
        });
        _clock.vetoBudgetSlashBps = c.vetoBudgetSlashBps;
        _clock.vetoKarmaWeight = c.vetoKarmaWeight;
        emit ConfigSet(c);
    }

    function _loadConfig() private view returns (Config memory c) {
        Rules memory rules = _rules;
        Clock memory clock = _clock;
        c = Config({
            delay: rules.delay,
            gracePeriod: rules.gracePeriod,
            vetoExtension: rules.vetoExtension,
            maxVetoExtension: rules.maxVetoExtension,
            epochLength: rules.epochLength,
            allowancePerEpoch: rules.allowancePerEpoch,
            costPerAction: rules.costPerAction,
            vetoThreshold: rules.vetoThreshold,
            vetoesPerEpoch: rules.vetoesPerEpoch,
            vetoBudgetSlashBps: clock.vetoBudgetSlashBps,
            vetoKarmaWeight: clock.vetoKarmaWeight
        });
    }

    function _currentEpoch(uint32 epochLength) private view returns (uint32) {
        return _epochAt(_clock, epochLength);
    }

    /// @dev Checked: epochs of at least a second overflow 32 bits only after 136 years.
    function _epochAt(Clock memory clock, uint32 epochLength) private view returns (uint32) {
        return SafeCast.toUint32(uint256(clock.epochBase) + (block.timestamp - clock.epochStart) / epochLength);
    }

    function _scope(uint256 epoch, uint256 slot) private view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), epoch, slot)));
    }

    /// @dev Whether every action calls this timelock (the batches allowed while paused).
    function _onlySelf(Action[] calldata actions) private view returns (bool) {
        for (uint256 i; i < actions.length; ++i) {
            if (actions[i].target != address(this)) return false;
        }
        return true;
    }

    function _stateOf(Request storage r) private view returns (RequestState) {
        uint8 stored = r.stateFlags & STATE_MASK;
        if (stored != uint8(RequestState.Queued)) return RequestState(stored);
        uint256 eta = r.eta;
        if (block.timestamp < eta) return RequestState.Queued;
        if (block.timestamp <= eta + _rules.gracePeriod) return RequestState.Ready;
        return RequestState.Expired;
    }
}
