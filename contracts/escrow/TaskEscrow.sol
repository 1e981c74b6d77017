// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IJury} from "../interfaces/IJury.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {IStakingVault} from "../interfaces/IStakingVault.sol";
import {ITaskEscrow} from "../interfaces/ITaskEscrow.sol";
import {Payouts} from "../libraries/Payouts.sol";

/// @title TaskEscrow
/// @notice Bounties in escrow, staked claims, content-addressed results, review windows, disputes
/// settled by the jury, and delegation to subtasks funded out of a claimant's bounty.
/// @dev Delegation rule: a claimant may move part of its task's bounty into subtasks (an advance
/// on its own payment). Refunds from those subtasks flow back into the parent's bounty while the
/// parent is unsettled. If the claimant then fails, the requester is refunded what is left plus
/// the claimant's slashed stake; money already paid to subcontractors is not recovered. A
/// requester who does not accept that sets `maxDelegationDepth` to 0.
/// Pausing stops createTask, createSubtask and claim; every exit keeps working.
contract TaskEscrow is ITaskEscrow, GuardedOwnable, ReentrancyGuardTransient, Payouts {
    using SafeERC20 for IERC20;

    uint16 private constant DEFAULT_STAKE_BPS = 1000;
    uint16 private constant BPS = 10_000;
    uint64 private constant WAD = 1e18;
    uint256 private constant MAX_REQUIREMENTS = 8;
    uint8 private constant DEPTH_LIMIT = 8;

    IKarmaRegistry public immutable karma;
    IStakingVault public immutable vault;
    IJury public jury;

    uint8 private constant EXTENDED = 1;
    uint8 private constant STAKE_RECORDED = 2;

    Parameters private _params;
    /// @dev Packed with the dimension count cache: one slot read and written per creation.
    uint64 private _taskCount;
    uint16 private _knownDimensions;

    mapping(uint256 taskId => Task) private _tasks;
    mapping(uint256 taskId => Dispute) private _disputes;
    mapping(uint256 taskId => uint256) private _delegated;
    /// @dev Only for claims whose token delivered less than the computed stake.
    mapping(uint256 taskId => uint256) private _recordedStake;

    /// @notice Emitted when the owner sets the jury.
    event JurySet(address jury);

    constructor(
        address initialOwner,
        address initialGuardian,
        IKarmaRegistry karmaRegistry,
        IStakingVault stakingVault,
        address treasury
    ) GuardedOwnable(initialOwner, initialGuardian) {
        karma = karmaRegistry;
        vault = stakingVault;
        _setParameters(
            Parameters({
                minStakeBps: 100,
                maxStakeBps: 5000,
                treasuryBps: 1000,
                juryRewardBps: 2000,
                minReviewWindow: 1 hours,
                maxReviewWindow: 30 days,
                maxTaskDuration: 365 days,
                disputeTimeout: 30 days,
                maxDelegationDepth: 4,
                delegationAttenuation: 0.5e18,
                treasury: treasury
            })
        );
    }

    // ---------------------------------------------------------------- requesters

    /// @inheritdoc ITaskEscrow
    function createTask(TaskParams calldata p) external payable whenNotPaused nonReentrant returns (uint256 taskId) {
        uint96 bounty = _takeBounty(p);
        taskId = _store(p, bounty, msg.sender, 0, 0, 0);
    }

    /// @inheritdoc ITaskEscrow
    function createSubtask(
        uint256 parentId,
        TaskParams calldata p
    ) external whenNotPaused nonReentrant returns (uint256 taskId) {
        Task storage parent = _existing(parentId);
        _expectState(parentId, parent, TaskState.Claimed);
        if (parent.agent != msg.sender) revert TaskEscrowNotAgent(parentId, msg.sender);
        if (parent.depth >= parent.maxDepth) revert TaskEscrowDelegationNotAllowed(parentId, "depth");
        if (p.token != parent.token) revert TaskEscrowDelegationNotAllowed(parentId, "token");
        if (p.deadline > parent.deadline) revert TaskEscrowDelegationNotAllowed(parentId, "deadline");
        uint256 available = parent.bounty - _delegated[parentId];
        if (p.amount == 0 || p.amount > available) revert TaskEscrowDelegationNotAllowed(parentId, "amount");
        _delegated[parentId] += p.amount;
        uint8 depth = parent.depth + 1;
        // Subtasks inherit the root's maximum depth, whatever the delegator asked for.
        taskId = _store(p, p.amount, msg.sender, parentId, depth, parent.maxDepth);
        emit SubtaskCreated(parentId, taskId, msg.sender, depth);
    }

    /// @inheritdoc ITaskEscrow
    function cancel(uint256 taskId) external nonReentrant {
        Task storage task = _existing(taskId);
        if (task.requester != msg.sender) revert TaskEscrowNotRequester(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Open);
        task.state = TaskState.Cancelled;
        uint256 refund = task.bounty;
        emit TaskCancelled(taskId, refund);
        _refund(taskId, task, refund);
    }

    /// @inheritdoc ITaskEscrow
    function accept(uint256 taskId) external nonReentrant {
        Task storage task = _existing(taskId);
        if (task.requester != msg.sender) revert TaskEscrowNotRequester(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Submitted);
        _payAgent(taskId, task, false);
    }

    /// @inheritdoc ITaskEscrow
    function dispute(uint256 taskId) external payable nonReentrant {
        Task storage task = _existing(taskId);
        if (task.requester != msg.sender) revert TaskEscrowNotRequester(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Submitted);
        uint256 closesAt = uint256(task.submittedAt) + task.reviewWindow;
        if (block.timestamp > closesAt) revert TaskEscrowReviewWindowClosed(taskId, closesAt);
        IJury currentJury = jury;
        if (address(currentJury) == address(0)) revert TaskEscrowInvalidParameter("jury");

        uint256 bond = _stake(taskId, task);
        if (_token(task) == address(0)) {
            if (msg.value != bond) revert TaskEscrowWrongValue(msg.value, bond);
        } else {
            if (msg.value != 0) revert TaskEscrowWrongValue(msg.value, 0);
            // A fee-on-transfer token bonds what actually arrived.
            bond = _pull(_token(task), bond);
        }
        task.state = TaskState.Disputed;
        uint64 caseId = currentJury.openCase(taskId, task.domain, task.requester, task.agent);
        _disputes[taskId] = Dispute({bond: uint128(bond), openedAt: uint40(block.timestamp), caseId: caseId});
        emit TaskDisputed(taskId, msg.sender, bond, caseId);
    }

    // ---------------------------------------------------------------- agents

    /// @inheritdoc ITaskEscrow
    function claim(
        uint256 taskId,
        IKarmaRegistry.KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) external payable whenNotPaused nonReentrant {
        Task storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Open);
        if (block.timestamp >= task.deadline) revert TaskEscrowDeadlinePassed(taskId, task.deadline);
        if (msg.sender == task.requester) revert TaskEscrowSelfClaim(taskId);
        if (_commit(requirements, skills) != task.commitment) revert TaskEscrowRequirementsMismatch(taskId);
        uint8 depth = _isExtended(task) ? task.depth : 0;
        if (depth != 0) {
            uint8 trustDepth = karma.agentRecord(msg.sender).trustDepth;
            if (trustDepth < depth) revert TaskEscrowTrustDepthTooLow(taskId, depth, trustDepth);
        }
        if (requirements.length != 0 || skills.length != 0) {
            karma.checkRequirements(msg.sender, requirements, skills);
        }
        // Sybil resistance: a standing stake in the vault (own or vouched) is needed to claim.
        vault.checkStanding(msg.sender);

        uint256 stake = _stake(taskId, task);
        address token = _token(task);
        task.agent = msg.sender;
        task.claimedAt = uint40(block.timestamp);
        if (token == address(0)) {
            if (msg.value != stake) revert TaskEscrowWrongValue(msg.value, stake);
        } else {
            if (msg.value != 0) revert TaskEscrowWrongValue(msg.value, 0);
            uint256 received = _pull(token, stake);
            if (received != stake) {
                // A fee-on-transfer token: the stake is what actually arrived.
                if (received == 0) revert TaskEscrowTransferShortfall(token, stake, 0);
                task.flags |= STAKE_RECORDED;
                _recordedStake[taskId] = received;
                stake = received;
            }
        }
        emit TaskClaimed(taskId, msg.sender, stake);
    }

    /// @inheritdoc ITaskEscrow
    function submitResult(uint256 taskId, bytes32 resultHash) external nonReentrant {
        Task storage task = _existing(taskId);
        if (task.agent != msg.sender) revert TaskEscrowNotAgent(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Claimed);
        if (block.timestamp > task.deadline) revert TaskEscrowDeadlinePassed(taskId, task.deadline);
        if (resultHash == bytes32(0)) revert TaskEscrowEmptyResult(taskId);
        task.submittedAt = uint40(block.timestamp);
        task.commitment = bytes20(resultHash);
        emit ResultSubmitted(taskId, msg.sender, resultHash);
    }

    // ---------------------------------------------------------------- anyone, after a timeout

    /// @inheritdoc ITaskEscrow
    function finalize(uint256 taskId) external nonReentrant {
        Task storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Submitted);
        uint256 closesAt = uint256(task.submittedAt) + task.reviewWindow;
        if (block.timestamp <= closesAt) revert TaskEscrowReviewWindowOpen(taskId, closesAt);
        _payAgent(taskId, task, true);
    }

    /// @inheritdoc ITaskEscrow
    function expire(uint256 taskId) external nonReentrant {
        Task storage task = _existing(taskId);
        TaskState state = _stateOf(task);
        if (state != TaskState.Open && state != TaskState.Claimed) {
            revert TaskEscrowWrongState(taskId, state, TaskState.Claimed);
        }
        if (block.timestamp <= task.deadline) revert TaskEscrowDeadlineNotReached(taskId, task.deadline);
        task.state = TaskState.Expired;
        uint256 refund = task.bounty - _delegated[taskId];
        if (state == TaskState.Open) {
            emit TaskExpired(taskId, address(0), refund, 0);
            _refund(taskId, task, refund);
            return;
        }
        uint256 stake = _stake(taskId, task);
        emit TaskExpired(taskId, task.agent, refund, stake);
        _refund(taskId, task, refund);
        _slashAgent(task, stake, new address[](0));
        _recordOutcome(task, false, 0, 0);
    }

    /// @inheritdoc ITaskEscrow
    function resolveStalledDispute(uint256 taskId) external nonReentrant {
        Task storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Disputed);
        uint256 stalledAt = uint256(_disputes[taskId].openedAt) + _params.disputeTimeout;
        if (block.timestamp <= stalledAt) revert TaskEscrowDisputeNotStalled(taskId, stalledAt);
        _void(taskId, task);
    }

    // ---------------------------------------------------------------- jury

    /// @inheritdoc ITaskEscrow
    function executeRuling(
        uint256 taskId,
        IJury.Ruling ruling,
        address[] calldata majorityJurors
    ) external nonReentrant {
        if (msg.sender != address(jury)) revert TaskEscrowNotJury(msg.sender);
        Task storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Disputed);
        if (ruling == IJury.Ruling.AgentWins) {
            uint256 bond = _disputes[taskId].bond;
            uint256 toJurors = (bond * _params.juryRewardBps) / BPS;
            uint256 toTreasury = (bond * _params.treasuryBps) / BPS;
            _payAgent(taskId, task, false);
            _payJurors(_token(task), toJurors, majorityJurors);
            _payOut(_token(task), _params.treasury, toTreasury);
            _payOut(_token(task), task.agent, bond - toJurors - toTreasury);
        } else if (ruling == IJury.Ruling.RequesterWins) {
            task.state = TaskState.Rejected;
            uint256 refund = task.bounty - _delegated[taskId];
            uint256 stake = _stake(taskId, task);
            emit TaskRejected(taskId, task.agent, refund, stake);
            _refund(taskId, task, refund);
            _payOut(_token(task), task.requester, _disputes[taskId].bond);
            _slashAgent(task, stake, majorityJurors);
            _recordOutcome(task, false, 0, 0);
        } else {
            _void(taskId, task);
        }
    }

    // ---------------------------------------------------------------- owner

    /// @notice Sets the jury (once it is deployed; governance may replace it).
    function setJury(IJury newJury) external onlyOwner {
        jury = newJury;
        emit JurySet(address(newJury));
    }

    /// @inheritdoc ITaskEscrow
    function setParameters(Parameters calldata parameters_) external onlyOwner {
        _setParameters(parameters_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITaskEscrow
    function getTask(uint256 taskId) external view returns (Task memory task) {
        task = _tasks[taskId];
        task.state = _stateOf(_tasks[taskId]);
    }

    /// @inheritdoc ITaskEscrow
    function stateOf(uint256 taskId) external view returns (TaskState) {
        return _stateOf(_tasks[taskId]);
    }

    /// @inheritdoc ITaskEscrow
    function resultOf(uint256 taskId) external view returns (bytes20) {
        Task storage task = _tasks[taskId];
        return task.submittedAt == 0 ? bytes20(0) : task.commitment;
    }

    /// @inheritdoc ITaskEscrow
    function disputeOf(uint256 taskId) external view returns (Dispute memory) {
        return _disputes[taskId];
    }

    /// @inheritdoc ITaskEscrow
    function delegatedOf(uint256 taskId) external view returns (uint256) {
        return _delegated[taskId];
    }

    /// @inheritdoc ITaskEscrow
    function stakeOf(uint256 taskId) external view returns (uint256) {
        return _stake(taskId, _tasks[taskId]);
    }

    /// @inheritdoc ITaskEscrow
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /// @inheritdoc ITaskEscrow
    function parameters() external view returns (Parameters memory) {
        return _params;
    }

    /// @inheritdoc ITaskEscrow
    function requirementsCommitment(
        IKarmaRegistry.KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) external pure returns (bytes20) {
        return _commit(requirements, skills);
    }

    /// @inheritdoc ITaskEscrow
    function syncDimensions() public returns (uint16 count) {
        count = karma.dimensionCount();
        _knownDimensions = count;
    }

    // ---------------------------------------------------------------- internal

    function _takeBounty(TaskParams calldata p) private returns (uint96) {
        if (p.amount == 0) revert TaskEscrowInvalidParameter("amount");
        if (p.token == address(0)) {
            if (msg.value != p.amount) revert TaskEscrowWrongValue(msg.value, p.amount);
            return p.amount;
        }
        if (msg.value != 0) revert TaskEscrowWrongValue(msg.value, 0);
        uint256 received = _pull(p.token, p.amount);
        if (received < p.amount && p.exactAmount) revert TaskEscrowTransferShortfall(p.token, p.amount, received);
        if (received == 0) revert TaskEscrowTransferShortfall(p.token, p.amount, 0);
        // received <= amount for any token that does not mint to the receiver; cap it regardless.
        return received > p.amount ? p.amount : uint96(received);
    }

    /// @dev Pulls `amount` of `token` from the caller and returns what actually arrived.
    function _pull(address token, uint256 amount) private returns (uint256) {
        if (amount == 0) return 0;
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        return IERC20(token).balanceOf(address(this)) - before;
    }

    function _store(
        TaskParams calldata p,
        uint96 bounty,
        address requester,
        uint256 parentId,
        uint8 depth,
        uint8 inheritedMaxDepth
    ) private returns (uint256 taskId) {
        Parameters storage params = _params;
        if (p.deadline <= block.timestamp || p.deadline > block.timestamp + params.maxTaskDuration) {
            revert TaskEscrowInvalidParameter("deadline");
        }
        if (p.reviewWindow < params.minReviewWindow || p.reviewWindow > params.maxReviewWindow) {
            revert TaskEscrowInvalidParameter("reviewWindow");
        }
        if (p.stakeBps != 0 && (p.stakeBps < params.minStakeBps || p.stakeBps > params.maxStakeBps)) {
            revert TaskEscrowInvalidParameter("stakeBps");
        }
        if (p.maxDelegationDepth > params.maxDelegationDepth) revert TaskEscrowInvalidParameter("maxDelegationDepth");
        if (p.requirements.length > MAX_REQUIREMENTS || p.skills.length > MAX_REQUIREMENTS) {
            revert TaskEscrowInvalidParameter("requirements");
        }
        for (uint256 i; i < p.requirements.length; ++i) {
            if (p.requirements[i].minimum > WAD) revert TaskEscrowInvalidParameter("requirements.minimum");
        }
        uint8 maxDepth = parentId == 0 ? p.maxDelegationDepth : inheritedMaxDepth;
        if (p.domain == 0) revert TaskEscrowInvalidParameter("domain");
        // The dimension count only grows: consult the registry only when the cache is behind.
        if (p.domain > _knownDimensions && p.domain > syncDimensions()) revert TaskEscrowInvalidParameter("domain");

        // Ids start at 1; 2^64 tasks cannot be created.
        unchecked {
            taskId = ++_taskCount;
        }
        // The fourth slot is written only when it holds something: a native root task with the
        // default stake and no delegation costs three slots less than four.
        bool extended = p.token != address(0) || parentId != 0 || p.stakeBps != 0 || maxDepth != 0;
        Task storage task = _tasks[taskId];
        task.requester = requester;
        task.deadline = p.deadline;
        task.reviewWindow = p.reviewWindow;
        task.domain = p.domain;
        task.state = TaskState.Open;
        task.flags = extended ? EXTENDED : 0;
        task.bounty = bounty;
        task.commitment = _commit(p.requirements, p.skills);
        if (extended) {
            task.token = p.token;
            task.parentId = uint64(parentId);
            task.stakeBps = p.stakeBps;
            task.depth = depth;
            task.maxDepth = maxDepth;
        }
        emit TaskCreated(
            taskId,
            requester,
            p.token,
            bounty,
            p.inputHash,
            p.taskType,
            p.domain,
            p.deadline,
            p.reviewWindow,
            p.stakeBps == 0 ? DEFAULT_STAKE_BPS : p.stakeBps,
            maxDepth,
            p.requirements,
            p.skills
        );
    }

    function _payAgent(uint256 taskId, Task storage task, bool byTimeout) private {
        task.state = TaskState.Accepted;
        address agent = task.agent;
        uint256 payment = task.bounty;
        if (_isExtended(task) && task.maxDepth != 0) payment -= _delegated[taskId];
        emit TaskAccepted(taskId, agent, payment, byTimeout);
        // One transfer: the payment and the stake coming back.
        _payOut(_token(task), agent, payment + _stake(taskId, task));
        uint40 deadline = task.deadline;
        // submittedAt <= deadline and claimedAt < deadline, so the score is in [0, 1e18].
        uint64 responseScore = uint64((uint256(deadline - task.submittedAt) * WAD) / (deadline - task.claimedAt));
        _recordOutcome(task, true, responseScore, payment);
    }

    function _void(uint256 taskId, Task storage task) private {
        task.state = TaskState.Voided;
        uint256 refund = task.bounty - _delegated[taskId];
        emit TaskVoided(taskId, refund);
        address token = _token(task);
        _payOut(token, task.agent, _stake(taskId, task));
        _refund(taskId, task, refund);
        _payOut(token, task.requester, _disputes[taskId].bond);
    }

    /// @dev A subtask's refund returns to its parent's bounty while the parent is unsettled;
    /// otherwise it goes to the task's requester.
    function _refund(uint256 taskId, Task storage task, uint256 amount) private {
        uint256 parentId = _isExtended(task) ? task.parentId : 0;
        if (parentId != 0) {
            TaskState parentState = _stateOf(_tasks[parentId]);
            if (
                parentState == TaskState.Claimed ||
                parentState == TaskState.Submitted ||
                parentState == TaskState.Disputed
            ) {
                _delegated[parentId] -= amount;
                emit SubtaskRefundReturned(parentId, taskId, amount);
                return;
            }
        }
        _payOut(_token(task), task.requester, amount);
    }

    /// @dev Slashes the stake the escrow holds for the claim: the treasury's share, the majority
    /// jurors' share (if any), the rest to the requester. A vouch behind the agent is forfeited.
    function _slashAgent(Task storage task, uint256 stake, address[] memory jurors) private {
        address token = _token(task);
        vault.forfeitVouch(task.agent);
        if (stake == 0) return;
        uint256 toTreasury = (stake * _params.treasuryBps) / BPS;
        uint256 toJurors = jurors.length == 0 ? 0 : (stake * _params.juryRewardBps) / BPS;
        uint256 share = jurors.length == 0 ? 0 : toJurors / jurors.length;
        for (uint256 i; i < jurors.length; ++i) {
            _payOut(token, jurors[i], share);
        }
        _payOut(token, _params.treasury, toTreasury);
        // The rounding remainder of the jurors' split goes to the requester.
        _payOut(token, task.requester, stake - toTreasury - share * jurors.length);
    }

    function _payJurors(address token, uint256 amount, address[] calldata jurors) private {
        if (jurors.length == 0) {
            _payOut(token, _params.treasury, amount);
            return;
        }
        uint256 share = amount / jurors.length;
        for (uint256 i; i < jurors.length; ++i) {
            _payOut(token, jurors[i], share);
        }
        _payOut(token, _params.treasury, amount - share * jurors.length);
    }

    /// @dev Karma for the agent, then attenuated karma for each delegator up the chain.
    function _recordOutcome(Task storage task, bool success, uint64 responseScore, uint256 payment) private {
        uint16 domain = task.domain;
        karma.recordTaskOutcome(task.agent, domain, success, responseScore, _token(task), payment);
        if (!_isExtended(task)) return;
        uint256 parentId = task.parentId;
        if (parentId == 0) return;
        uint64 attenuation = _params.delegationAttenuation;
        uint256 weight = attenuation;
        uint64 outcome = success ? WAD : 0;
        while (parentId != 0 && weight != 0) {
            Task storage parent = _tasks[parentId];
            karma.recordOutcome(parent.agent, domain, outcome, uint64(weight));
            weight = (weight * attenuation) / WAD;
            parentId = parent.parentId;
        }
    }

    function _stake(uint256 taskId, Task storage task) private view returns (uint256) {
        uint8 flags = task.flags;
        if (flags & STAKE_RECORDED != 0) return _recordedStake[taskId];
        uint256 bps = flags & EXTENDED != 0 ? task.stakeBps : 0;
        return (uint256(task.bounty) * (bps == 0 ? DEFAULT_STAKE_BPS : bps)) / BPS;
    }

    /// @dev Whether the fourth slot is in use; when not, reading it would cost a cold load of zeros.
    function _isExtended(Task storage task) private view returns (bool) {
        return task.flags & EXTENDED != 0;
    }

    function _token(Task storage task) private view returns (address) {
        return _isExtended(task) ? task.token : address(0);
    }

    function _existing(uint256 taskId) private view returns (Task storage task) {
        task = _tasks[taskId];
        if (task.state == TaskState.None) revert TaskEscrowUnknownTask(taskId);
    }

    function _expectState(uint256 taskId, Task storage task, TaskState expected) private view {
        TaskState actual = _stateOf(task);
        if (actual != expected) revert TaskEscrowWrongState(taskId, actual, expected);
    }

    /// @dev Claimed and Submitted are not stored: they follow from the claim's timestamps while
    /// the stored state is still Open.
    function _stateOf(Task storage task) private view returns (TaskState) {
        TaskState stored = task.state;
        if (stored != TaskState.Open || task.agent == address(0)) return stored;
        return task.submittedAt == 0 ? TaskState.Claimed : TaskState.Submitted;
    }

    function _commit(
        IKarmaRegistry.KarmaRequirement[] calldata requirements,
        uint16[] calldata skills
    ) private pure returns (bytes20) {
        return bytes20(keccak256(abi.encode(requirements, skills)));
    }

    function _setParameters(Parameters memory p) private {
        if (
            p.minStakeBps == 0 ||
            p.minStakeBps > p.maxStakeBps ||
            p.maxStakeBps > BPS ||
            uint256(p.treasuryBps) + p.juryRewardBps > BPS ||
            p.delegationAttenuation > WAD ||
            p.minReviewWindow == 0 ||
            p.minReviewWindow > p.maxReviewWindow ||
            p.maxReviewWindow > type(uint24).max ||
            p.maxTaskDuration == 0 ||
            p.disputeTimeout < 7 days ||
            p.maxDelegationDepth > DEPTH_LIMIT ||
            p.treasury == address(0)
        ) revert TaskEscrowInvalidParameter("parameters");
        _params = p;
        emit ParametersSet(p);
    }
}
