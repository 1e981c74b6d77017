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
    /// @inheritdoc ITaskEscrow
    IJury public jury;

    /// @dev Low four bits of `stateFlags` hold the TaskState; these are the flags above them.
    uint8 private constant STATE_MASK = 0x0f;
    uint8 private constant EXTENDED = 0x10;
    uint8 private constant STAKE_RECORDED = 0x20;
    uint8 private constant CLAIMED = 0x40;
    uint8 private constant SUBMITTED = 0x80;
    uint256 private constant SCORE_ONE = type(uint24).max;
    uint32 private constant MAX_DURATION = type(uint24).max;

    /// @dev A task in two slots (a third when EXTENDED). Two fields change meaning when the result
    /// arrives, because what they held is no longer needed and this keeps claim and submit from
    /// touching a fresh slot (20,000 gas each):
    /// - `clock` is the deadline until submission, then the end of the review window;
    /// - `span` is the task's duration (deadline minus creation) until submission, then the
    ///   response score in [0, 2^24 - 1];
    /// - `party` holds the requirements commitment while the task is open, then the agent.
    struct Record {
        address requester;
        uint32 clock;
        uint24 span;
        uint16 reviewMinutes;
        uint16 domain;
        uint8 stateFlags;
        uint96 bounty;
        bytes20 party;
        address token;
        uint64 parentId;
        uint16 stakeBps;
        uint8 depth;
        uint8 maxDepth;
    }

    Parameters private _params;
    /// @dev Packed with the registry caches (how many dimensions exist, which of the first 176 are
    /// accuracy dimensions): one slot read and written per creation.
    uint64 private _taskCount;
    uint16 private _knownDimensions;
    uint176 private _accuracyMask;
    mapping(uint256 dimension => bool) private _accuracyBeyondMask;

    mapping(uint256 taskId => Record) private _tasks;
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
                maxTaskDuration: 180 days,
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
        Record storage parent = _existing(parentId);
        _expectState(parentId, parent, TaskState.Claimed);
        if (_agent(parent) != msg.sender) revert TaskEscrowNotAgent(parentId, msg.sender);
        if (parent.depth >= parent.maxDepth) revert TaskEscrowDelegationNotAllowed(parentId, "depth");
        if (p.token != parent.token) revert TaskEscrowDelegationNotAllowed(parentId, "token");
        if (p.deadline > parent.clock) revert TaskEscrowDelegationNotAllowed(parentId, "deadline");
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
        Record storage task = _existing(taskId);
        if (task.requester != msg.sender) revert TaskEscrowNotRequester(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Open);
        _setState(task, TaskState.Cancelled);
        uint256 refund = task.bounty;
        emit TaskCancelled(taskId, refund);
        _refund(taskId, task, refund);
    }

    /// @inheritdoc ITaskEscrow
    function accept(uint256 taskId) external nonReentrant {
        Record storage task = _existing(taskId);
        if (task.requester != msg.sender) revert TaskEscrowNotRequester(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Submitted);
        _payAgent(taskId, task, false);
    }

    /// @inheritdoc ITaskEscrow
    function dispute(uint256 taskId) external payable nonReentrant {
        Record storage task = _existing(taskId);
        if (task.requester != msg.sender) revert TaskEscrowNotRequester(taskId, msg.sender);
        _expectState(taskId, task, TaskState.Submitted);
        uint256 closesAt = task.clock;
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
        _setState(task, TaskState.Disputed);
        uint64 caseId = currentJury.openCase(taskId, task.domain, task.requester, _agent(task));
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
        Record storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Open);
        if (block.timestamp >= task.clock) revert TaskEscrowDeadlinePassed(taskId, task.clock);
        if (msg.sender == task.requester) revert TaskEscrowSelfClaim(taskId);
        if (_commit(requirements, skills) != task.party) revert TaskEscrowRequirementsMismatch(taskId);
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
        task.party = bytes20(msg.sender);
        task.stateFlags = (task.stateFlags & ~STATE_MASK) | CLAIMED | uint8(TaskState.Claimed);
        if (token == address(0)) {
            if (msg.value != stake) revert TaskEscrowWrongValue(msg.value, stake);
        } else {
            if (msg.value != 0) revert TaskEscrowWrongValue(msg.value, 0);
            uint256 received = _pull(token, stake);
            if (received != stake) {
                // A fee-on-transfer token: the stake is what actually arrived.
                if (received == 0) revert TaskEscrowTransferShortfall(token, stake, 0);
                task.stateFlags |= STAKE_RECORDED;
                _recordedStake[taskId] = received;
                stake = received;
            }
        }
        emit TaskClaimed(taskId, msg.sender, stake);
    }

    /// @inheritdoc ITaskEscrow
    function submitResult(uint256 taskId, bytes32 resultHash) external nonReentrant {
        Record storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Claimed);
        if (_agent(task) != msg.sender) revert TaskEscrowNotAgent(taskId, msg.sender);
        uint256 deadline = task.clock;
        if (block.timestamp > deadline) revert TaskEscrowDeadlinePassed(taskId, uint40(deadline));
        if (resultHash == bytes32(0)) revert TaskEscrowEmptyResult(taskId);
        // The share of the task's time left: span is the duration here, and never zero.
        uint256 score = ((deadline - block.timestamp) * SCORE_ONE) / task.span;
        // The deadline and the duration are spent: the fields now hold the review window's end
        // and the response score (see Record).
        task.clock = uint32(block.timestamp + uint256(task.reviewMinutes) * 60);
        task.span = uint24(score);
        task.stateFlags = (task.stateFlags & ~STATE_MASK) | SUBMITTED | uint8(TaskState.Submitted);
        emit ResultSubmitted(taskId, msg.sender, resultHash);
    }

    // ---------------------------------------------------------------- anyone, after a timeout

    /// @inheritdoc ITaskEscrow
    function finalize(uint256 taskId) external nonReentrant {
        Record storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Submitted);
        uint256 closesAt = task.clock;
        if (block.timestamp <= closesAt) revert TaskEscrowReviewWindowOpen(taskId, closesAt);
        _payAgent(taskId, task, true);
    }

    /// @inheritdoc ITaskEscrow
    function expire(uint256 taskId) external nonReentrant {
        Record storage task = _existing(taskId);
        TaskState state = _stateOf(task);
        if (state != TaskState.Open && state != TaskState.Claimed) {
            revert TaskEscrowWrongState(taskId, state, TaskState.Claimed);
        }
        if (block.timestamp <= task.clock) revert TaskEscrowDeadlineNotReached(taskId, task.clock);
        _setState(task, TaskState.Expired);
        uint256 refund = task.bounty - _delegated[taskId];
        if (state == TaskState.Open) {
            emit TaskExpired(taskId, address(0), refund, 0);
            _refund(taskId, task, refund);
            return;
        }
        uint256 stake = _stake(taskId, task);
        emit TaskExpired(taskId, _agent(task), refund, stake);
        _refund(taskId, task, refund);
        _slashAgent(task, stake, new address[](0));
        _recordOutcome(task, false, 0, 0);
    }

    /// @inheritdoc ITaskEscrow
    function resolveStalledDispute(uint256 taskId) external nonReentrant {
        Record storage task = _existing(taskId);
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
        Record storage task = _existing(taskId);
        _expectState(taskId, task, TaskState.Disputed);
        if (ruling == IJury.Ruling.AgentWins) {
            uint256 bond = _disputes[taskId].bond;
            uint256 toJurors = (bond * _params.juryRewardBps) / BPS;
            uint256 toTreasury = (bond * _params.treasuryBps) / BPS;
            _payAgent(taskId, task, false);
            _payJurors(_token(task), toJurors, majorityJurors);
            _payOut(_token(task), _params.treasury, toTreasury);
            _payOut(_token(task), _agent(task), bond - toJurors - toTreasury);
        } else if (ruling == IJury.Ruling.RequesterWins) {
            _setState(task, TaskState.Rejected);
            uint256 refund = task.bounty - _delegated[taskId];
            uint256 stake = _stake(taskId, task);
            emit TaskRejected(taskId, _agent(task), refund, stake);
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
    function getTask(uint256 taskId) external view returns (TaskView memory view_) {
        Record storage task = _tasks[taskId];
        uint8 stateFlags = task.stateFlags;
        view_.requester = task.requester;
        view_.state = TaskState(stateFlags & STATE_MASK);
        view_.bounty = task.bounty;
        view_.stake = _stake(taskId, task);
        view_.domain = task.domain;
        view_.reviewWindow = uint32(task.reviewMinutes) * 60;
        if (stateFlags & SUBMITTED == 0) {
            view_.deadline = task.clock;
            view_.createdAt = task.clock - task.span;
        } else {
            view_.reviewEndsAt = task.clock;
            view_.submittedAt = task.clock - view_.reviewWindow;
            view_.responseScore = uint64((uint256(task.span) * WAD) / SCORE_ONE);
        }
        if (stateFlags & CLAIMED == 0) view_.requirementsCommitment = task.party;
        else view_.agent = address(task.party);
        view_.token = _token(task);
        if (stateFlags & EXTENDED != 0) {
            view_.parentId = task.parentId;
            view_.stakeBps = task.stakeBps;
            view_.depth = task.depth;
            view_.maxDepth = task.maxDepth;
        }
    }

    /// @inheritdoc ITaskEscrow
    function stateOf(uint256 taskId) external view returns (TaskState) {
        return _stateOf(_tasks[taskId]);
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
        uint176 mask = _accuracyMask;
        for (uint16 d = _knownDimensions + 1; d <= count; ++d) {
            if (karma.dimension(d).kind != IKarmaRegistry.DimensionKind.Accuracy) continue;
            if (d < 176) mask |= uint176(1) << d;
            else _accuracyBeyondMask[d] = true;
        }
        _accuracyMask = mask;
        _knownDimensions = count;
    }

    /// @dev Only accuracy dimensions can be a task's domain: a task must not mint governance or
    /// reliability karma.
    function _isAccuracy(uint16 dimension) private view returns (bool) {
        if (dimension == 0 || dimension > _knownDimensions) return false;
        if (dimension < 176) return (_accuracyMask >> dimension) & 1 == 1;
        return _accuracyBeyondMask[dimension];
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
        if (
            p.deadline <= block.timestamp ||
            p.deadline > block.timestamp + params.maxTaskDuration ||
            p.deadline > type(uint32).max
        ) {
            revert TaskEscrowInvalidParameter("deadline");
        }
        if (
            p.reviewWindow < params.minReviewWindow ||
            p.reviewWindow > params.maxReviewWindow ||
            p.reviewWindow % 60 != 0
        ) revert TaskEscrowInvalidParameter("reviewWindow");
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
        // Dimensions never change once defined: consult the registry only when the cache is behind.
        if (p.domain > _knownDimensions) syncDimensions();
        if (!_isAccuracy(p.domain)) revert TaskEscrowInvalidParameter("domain");

        // Ids start at 1; 2^64 tasks cannot be created.
        unchecked {
            taskId = ++_taskCount;
        }
        // The fourth slot is written only when it holds something: a native root task with the
        // default stake and no delegation costs three slots less than four.
        bool extended = p.token != address(0) || parentId != 0 || p.stakeBps != 0 || maxDepth != 0;
        Record storage task = _tasks[taskId];
        // The two hot slots are written whole (see Record for the layout): assigning field by
        // field would first load each fresh slot, 2,100 gas apiece for zeros.
        uint256 word0 =
            uint256(uint160(requester)) |
                (uint256(uint32(p.deadline)) << 160) |
                // deadline > now and deadline <= now + maxTaskDuration <= now + 2^24 - 1: the span fits, never zero.
                ((p.deadline - block.timestamp) << 192) |
                (uint256(p.reviewWindow / 60) << 216) |
                (uint256(p.domain) << 232) |
                (uint256(uint8(TaskState.Open) | (extended ? EXTENDED : 0)) << 248);
        uint256 word1 = uint256(bounty) | (uint256(uint160(_commit(p.requirements, p.skills))) << 96);
        assembly ("memory-safe") {
            sstore(task.slot, word0)
            sstore(add(task.slot, 1), word1)
        }
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

    function _payAgent(uint256 taskId, Record storage task, bool byTimeout) private {
        _setState(task, TaskState.Accepted);
        address agent = _agent(task);
        uint256 payment = task.bounty;
        if (_isExtended(task) && task.maxDepth != 0) payment -= _delegated[taskId];
        emit TaskAccepted(taskId, agent, payment, byTimeout);
        // One transfer: the payment and the stake coming back.
        _payOut(_token(task), agent, payment + _stake(taskId, task));
        // Recorded at submission as a share of SCORE_ONE, so the result is in [0, 1e18].
        uint64 responseScore = uint64((uint256(task.span) * WAD) / SCORE_ONE);
        _recordOutcome(task, true, responseScore, payment);
    }

    function _void(uint256 taskId, Record storage task) private {
        _setState(task, TaskState.Voided);
        uint256 refund = task.bounty - _delegated[taskId];
        emit TaskVoided(taskId, refund);
        address token = _token(task);
        _payOut(token, _agent(task), _stake(taskId, task));
        _refund(taskId, task, refund);
        _payOut(token, task.requester, _disputes[taskId].bond);
    }

    /// @dev A subtask's refund returns to its parent's bounty while the parent is unsettled. If
    /// the parent has failed (expired, rejected, voided), the delegator never earned the advance:
    /// the refund passes up the chain toward the root's requester. Only a parent that was paid
    /// lets the refund go to the subtask's requester, the delegator. Depth is at most DEPTH_LIMIT.
    function _refund(uint256 taskId, Record storage task, uint256 amount) private {
        uint256 parentId = _isExtended(task) ? task.parentId : 0;
        if (parentId != 0) {
            Record storage parent = _tasks[parentId];
            TaskState parentState = _stateOf(parent);
            if (
                parentState == TaskState.Claimed ||
                parentState == TaskState.Submitted ||
                parentState == TaskState.Disputed
            ) {
                _delegated[parentId] -= amount;
                emit SubtaskRefundReturned(parentId, taskId, amount);
                return;
            }
            if (parentState != TaskState.Accepted) {
                emit SubtaskRefundReturned(parentId, taskId, amount);
                _refund(parentId, parent, amount);
                return;
            }
        }
        _payOut(_token(task), task.requester, amount);
    }

    /// @dev Slashes the stake the escrow holds for the claim: the treasury's share, the majority
    /// jurors' share (if any), the rest to the requester. A vouch behind the agent is forfeited.
    function _slashAgent(Record storage task, uint256 stake, address[] memory jurors) private {
        address token = _token(task);
        vault.forfeitVouch(_agent(task));
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
    function _recordOutcome(Record storage task, bool success, uint64 responseScore, uint256 payment) private {
        uint16 domain = task.domain;
        karma.recordTaskOutcome(_agent(task), domain, success, responseScore, _token(task), payment);
        if (!_isExtended(task)) return;
        uint256 parentId = task.parentId;
        if (parentId == 0) return;
        uint64 attenuation = _params.delegationAttenuation;
        uint256 weight = attenuation;
        uint64 outcome = success ? WAD : 0;
        while (parentId != 0 && weight != 0) {
            Record storage parent = _tasks[parentId];
            karma.recordOutcome(_agent(parent), domain, outcome, uint64(weight));
            weight = (weight * attenuation) / WAD;
            parentId = parent.parentId;
        }
    }

    function _stake(uint256 taskId, Record storage task) private view returns (uint256) {
        uint8 flags = task.stateFlags;
        if (flags & STAKE_RECORDED != 0) return _recordedStake[taskId];
        uint256 bps = flags & EXTENDED != 0 ? task.stakeBps : 0;
        return (uint256(task.bounty) * (bps == 0 ? DEFAULT_STAKE_BPS : bps)) / BPS;
    }

    /// @dev Whether the fourth slot is in use; when not, reading it would cost a cold load of zeros.
    function _isExtended(Record storage task) private view returns (bool) {
        return task.stateFlags & EXTENDED != 0;
    }

    function _token(Record storage task) private view returns (address) {
        return _isExtended(task) ? task.token : address(0);
    }

    function _existing(uint256 taskId) private view returns (Record storage task) {
        task = _tasks[taskId];
        if (task.stateFlags == 0) revert TaskEscrowUnknownTask(taskId);
    }

    function _expectState(uint256 taskId, Record storage task, TaskState expected) private view {
        TaskState actual = _stateOf(task);
        if (actual != expected) revert TaskEscrowWrongState(taskId, actual, expected);
    }

    function _stateOf(Record storage task) private view returns (TaskState) {
        return TaskState(task.stateFlags & STATE_MASK);
    }

    function _setState(Record storage task, TaskState state) private {
        task.stateFlags = (task.stateFlags & ~STATE_MASK) | uint8(state);
    }

    /// @dev The agent holding the claim; meaningful once the task has been claimed.
    function _agent(Record storage task) private view returns (address) {
        return address(task.party);
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
            p.maxReviewWindow > uint32(type(uint16).max) * 60 ||
            p.maxTaskDuration == 0 ||
            p.maxTaskDuration > MAX_DURATION ||
            p.disputeTimeout < 7 days ||
            p.maxDelegationDepth > DEPTH_LIMIT ||
            p.treasury == address(0)
        ) revert TaskEscrowInvalidParameter("parameters");
        _params = p;
        emit ParametersSet(p);
    }
}
